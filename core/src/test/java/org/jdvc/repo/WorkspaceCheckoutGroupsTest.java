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
        assertThat(groups.stream().filter(g -> parent(g.getFirst().relpath()).equals("a")).findFirst().orElseThrow())
                .extracting(TreeManifest.Entry::relpath).containsExactly("a/x", "a/y");
    }

    private static String parent(String relpath) {
        int slash = relpath.lastIndexOf('/');
        return slash < 0 ? "" : relpath.substring(0, slash);
    }
}
