package org.jdvc.scm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;

/** {@code git status}, as far as jdvc needs it: untracked files and whether the work tree is dirty. */
public record GitStatus(List<String> untracked, boolean dirty) {
    /** Runs {@code git status --porcelain -z --untracked-files=all} in {@code gitRoot}. */
    public static GitStatus of(Path gitRoot) {
        try {
            Process p = new ProcessBuilder("git", "status", "--porcelain", "-z", "--untracked-files=all")
                    .directory(gitRoot.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return new GitStatus(List.of(), false);
            }
            List<String> untracked = new ArrayList<>();
            boolean dirty = false;
            String[] recs = out.split("\0");
            for (int i = 0; i < recs.length; i++) {
                String rec = recs[i];
                if (rec.length() < 4) {
                    continue;
                }
                dirty = true;
                String code = rec.substring(0, 2);
                if (code.equals("??")) {
                    untracked.add(rec.substring(3));
                } else if (code.charAt(0) == 'R' || code.charAt(0) == 'C') {
                    i++; // the record is followed by the rename's source path
                }
            }
            return new GitStatus(untracked, dirty);
        } catch (IOException e) {
            throw new JdvcException("failed to run git status: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdvcException("interrupted while running git status");
        }
    }
}
