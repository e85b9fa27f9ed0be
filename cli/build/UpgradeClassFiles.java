import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the cli module (run by cli/pom.xml as a single-file program, with ASM on the class path): rewrites
 * the class files of a jar older than Java 6 (class-file version below 50) as version 52, with the stack-map frames
 * such files lack computed, in place; anything else in the jar is copied unchanged. A jar without old class files
 * is left untouched (same bytes, same modification time).
 *
 * <p>Why: picocli is compiled for Java 5. The JVM's AOT cache cannot hold class files that need the old, inferring
 * verifier, so every command loaded and verified picocli's ~170 classes from the jar at start-up: about 35 ms of a
 * 130-185 ms command. Version 52 with frames is the same code, verified the modern way and cacheable.
 *
 * <p>Usage: {@code java -cp asm.jar:JAR cli/build/UpgradeClassFiles.java JAR} (the jar itself on the class path, so
 * the frame computation can resolve its class hierarchy).
 */
public class UpgradeClassFiles {
    private static final int OLDEST_KEPT = 50;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UpgradeClassFiles JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        int upgraded = 0;
        try (InputStream file = Files.newInputStream(jar); ZipInputStream in = new ZipInputStream(file);
                ZipOutputStream out = new ZipOutputStream(rewritten)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(".class") && majorVersion(bytes) < OLDEST_KEPT) {
                    bytes = upgrade(bytes);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime()); // NOTE: same entry times, so the jar's bytes depend on its input only
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded == 0) {
            return;
        }
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), ".upgrade-", ".jar");
        try (OutputStream o = Files.newOutputStream(tmp)) {
            rewritten.writeTo(o);
        }
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar)); // NOTE: not the temp file's 0600
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // NOTE: a writer built without the reader recomputes every method (with the reader it would copy unchanged
        // methods as they are, still without frames)
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
