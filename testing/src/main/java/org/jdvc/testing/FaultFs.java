package org.jdvc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injecting file system of the fault campaign: {@code faultfs.c} (a resource next to this class), an
 * {@code LD_PRELOAD} library that numbers every call that changes a file under a root folder ("steps") and makes one
 * of them fail (ENOSPC, EIO, EACCES), write short, or kill the process. See the C file for why a preload library.
 *
 * <p>The library is compiled with the machine's C compiler on first use (cached in the temp folder by the source's
 * digest); {@link #available()} says whether that worked.
 */
public final class FaultFs {
    private FaultFs() {
    }

    /** What the planned step meets. */
    public enum Fault {
        ENOSPC, EIO, EACCES, SHORT, KILL
    }

    /**
     * One numbered step: the call ({@code open, write, copy, rename, link, unlink...}), its path, and in an injecting
     * run's log the fault it met (null in a counting run's; {@code NONE} for a short write planned on a call that
     * does not write).
     */
    public record Step(long number, String op, String path, String applied) {
        /** The faults this call can meet in life: what a campaign tries at this step. */
        public List<Fault> faults() {
            return switch (op) {
                case "open" -> List.of(Fault.EACCES, Fault.ENOSPC, Fault.EIO);
                case "write", "copy" -> List.of(Fault.ENOSPC, Fault.EIO, Fault.SHORT);
                case "rename", "link", "symlink" -> List.of(Fault.EIO, Fault.ENOSPC, Fault.EACCES);
                case "mkdir" -> List.of(Fault.ENOSPC, Fault.EACCES);
                case "unlink", "rmdir", "chmod" -> List.of(Fault.EACCES, Fault.EIO);
                default -> List.of(Fault.EIO);
            };
        }
    }

    /** Paths never counted: git's own files (jdvc's children run without the library anyway). */
    private static final String EXCLUDE = "/.git/";

    private static Path library;
    private static String unavailable;

    /** Whether the library could be built here; otherwise {@link #whyUnavailable()} says why. */
    public static synchronized boolean available() {
        if (library == null && unavailable == null) {
            try {
                library = compile();
            } catch (IOException | InterruptedException e) {
                unavailable = e.getMessage();
            }
        }
        return library != null;
    }

    public static synchronized String whyUnavailable() {
        available();
        return unavailable;
    }

    /** Environment for a run that only counts the steps under {@code root} into {@code log}. */
    public static Map<String, String> counting(Path root, Path log) {
        Map<String, String> env = base(root);
        env.put("FAULTFS_LOG", log.toAbsolutePath().toString());
        return env;
    }

    /**
     * Environment for a run whose step {@code step} under {@code root} meets {@code fault}; the faulted step is logged
     * to {@code log} (the call may differ from a counted run's when threads interleave differently).
     */
    public static Map<String, String> injecting(Path root, long step, Fault fault, Path log) {
        Map<String, String> env = base(root);
        env.put("FAULTFS_STEP", Long.toString(step));
        env.put("FAULTFS_FAULT", fault.name());
        env.put("FAULTFS_LOG", log.toAbsolutePath().toString());
        return env;
    }

    private static Map<String, String> base(Path root) {
        if (!available()) {
            throw new IllegalStateException("faultfs is not available: " + unavailable);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LD_PRELOAD", library.toString());
        env.put("FAULTFS_ROOT", root.toAbsolutePath().normalize().toString());
        env.put("FAULTFS_EXCLUDE", EXCLUDE);
        return env;
    }

    /** The steps a counting run logged, in order (empty when it logged none). */
    public static List<Step> steps(Path log) throws IOException {
        List<Step> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 3);
            if (f.length == 3) {
                int eq = f[1].indexOf('=');
                out.add(eq < 0 ? new Step(Long.parseLong(f[0]), f[1], f[2], null)
                        : new Step(Long.parseLong(f[0]), f[1].substring(0, eq), f[2], f[1].substring(eq + 1)));
            }
        }
        return out;
    }

    private static Path compile() throws IOException, InterruptedException {
        byte[] source;
        try (InputStream in = FaultFs.class.getResourceAsStream("faultfs.c")) {
            if (in == null) {
                throw new IOException("faultfs.c is not on the class path");
            }
            source = in.readAllBytes();
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "jdvc-faultfs");
        Path lib = dir.resolve("faultfs-" + digest + ".so");
        if (Files.exists(lib)) {
            return lib;
        }
        Files.createDirectories(dir);
        Path src = Files.createTempFile(dir, "faultfs", ".c");
        Path out = Files.createTempFile(dir, "faultfs", ".so");
        try {
            Files.write(src, source);
            Process cc = new ProcessBuilder("cc", "-O1", "-Wall", "-shared", "-fPIC", "-o", out.toString(),
                    src.toString(), "-ldl").redirectErrorStream(true).start();
            String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                throw new IOException("cc could not build faultfs: " + log.strip());
            }
            Files.move(out, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return lib;
        } catch (IOException e) {
            throw new IOException("no C compiler to build faultfs (" + e.getMessage() + ")", e);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(out);
        }
    }
}
