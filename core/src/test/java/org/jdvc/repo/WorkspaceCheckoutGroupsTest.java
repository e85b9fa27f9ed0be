package org.jdvc.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jdvc.hash.TreeManifest;
import org.junit.jupiter.api.Test;

class WorkspaceCheckoutGroupsTest {
    private static final String MD5 = "acbd18db4cc2f85cedef654fccc4a4d8";

    @Test
    void everyEntryOnceEachGroupOneDirectoryBigDirectoriesSliced() {
        List<TreeManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            entries.add(new TreeManifest.Entry("big/f" + i, MD5));
        }
        // code-point order interleaves a directory with its sibling files ("a-b" < "a/..." < "a.b")
        entries.add(new TreeManifest.Entry("a-b", MD5));
        entries.add(new TreeManifest.Entry("a/x", MD5));
        entries.add(new TreeManifest.Entry("a.b", MD5));
        entries.add(new TreeManifest.Entry("a/y", MD5));
        entries.add(new TreeManifest.Entry("a/b/z", MD5));

        List<List<TreeManifest.Entry>> groups = WorkspaceCheckout.byDirectory(entries);

        List<TreeManifest.Entry> all = new ArrayList<>();
        for (List<TreeManifest.Entry> g : groups) {
            assertThat(g).isNotEmpty().hasSizeLessThanOrEqualTo(2048);
            assertThat(g.stream().map(e -> parent(e.relpath())).distinct()).hasSize(1);
            all.addAll(g);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(groups.stream().filter(g -> parent(g.getFirst().relpath()).equals("big"))).hasSize(3);
        // a folder of a few files: one file per task, so a few large files are copied side by side
        assertThat(groups.stream().filter(g -> parent(g.getFirst().relpath()).equals("a")))
                .extracting(g -> g.stream().map(TreeManifest.Entry::relpath).toList())
                .containsExactly(List.of("a/x"), List.of("a/y"));
    }

    @Test
    void aFolderOfMoreThanAFewFilesStaysOneTask() {
        List<TreeManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            entries.add(new TreeManifest.Entry("d/f" + i, MD5));
        }
        assertThat(WorkspaceCheckout.byDirectory(entries)).hasSize(1);
        assertThat(WorkspaceCheckout.byDirectory(entries.subList(0, 16))).hasSize(16);
    }

    private static String parent(String relpath) {
        int slash = relpath.lastIndexOf('/');
        return slash < 0 ? "" : relpath.substring(0, slash);
    }
}
