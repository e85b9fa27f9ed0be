package org.jdvc.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for paths a repository names: inside the workspace by name and by the real path of its folder. */
class ContainmentTest {
    @TempDir
    Path tmp;
    Path root;
    Containment rule;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root.resolve("data/sub"));
        rule = new Containment(root);
    }

    @Test
    void pathsInsideByNameAndByFolderPass() {
        assertThat(rule.resolve(root, "data/x.csv", "'a.dvc'")).isEqualTo(root.resolve("data/x.csv"));
        assertThat(rule.resolve(root.resolve("data"), "sub/../y", "'a.dvc'")).isEqualTo(root.resolve("data/y"));
        assertThat(rule.resolve(root, "new/deeper/z", "'a.dvc'")).isEqualTo(root.resolve("new/deeper/z"));
        assertThat(rule.contains(root.resolve("data/sub/ok"))).isTrue();
    }

    @Test
    void pathsOutsideByNameAreRefusedNamingTheFile() {
        for (String bad : new String[] {"../outside/x", "data/../../outside/x", "..//outside/x",
                tmp.resolve("outside/x").toString(), ".", ""}) {
            assertThatThrownBy(() -> rule.resolve(root, bad, "'a.dvc'")).as(bad).isInstanceOf(JdvcException.class)
                    .hasMessageStartingWith("'a.dvc': ");
        }
        assertThat(rule.contains(tmp.resolve("outside/x"))).isFalse();
    }

    @Test
    void aSymlinkedFolderOrAChainOfThemCannotLeadOut() throws Exception {
        Files.createSymbolicLink(root.resolve("hop"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("data/sl"), Path.of("../hop"));
        assertThatThrownBy(() -> rule.resolve(root, "data/sl/new/x", "'a.dvc'"))
                .isInstanceOf(JdvcException.class).hasMessageContaining("through the symlink data/sl");
        // a link that stays inside is fine
        Files.createSymbolicLink(root.resolve("alias"), Path.of("data"));
        assertThat(rule.contains(root.resolve("alias/x"))).isTrue();
    }

    @Test
    void aDanglingSymlinkedFolderLeadsNowhereAndIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("gone"), Path.of("../nowhere/at/all"));
        assertThat(rule.contains(root.resolve("gone/x"))).isFalse();
    }

    @Test
    void aWdirMayBeTheRootButNotOutside() throws Exception {
        rule.checkFolder(root, "'dvc.yaml'", ".");
        Files.createSymbolicLink(root.resolve("out"), Path.of("../outside"));
        assertThatThrownBy(() -> rule.checkFolder(root.resolve("out"), "'dvc.yaml'", "out"))
                .isInstanceOf(JdvcException.class).hasMessage("'dvc.yaml': wdir 'out' is outside of the DVC project "
                        + "(through the symlink out)");
        assertThat(rule.containsReal(tmp.resolve("outside").toRealPath())).isFalse();
        assertThat(rule.containsReal(root.resolve("data").toRealPath())).isTrue();
    }
}
