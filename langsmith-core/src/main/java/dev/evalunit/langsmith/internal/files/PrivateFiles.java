package dev.evalunit.langsmith.internal.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the files and folders that hold users' prompts and outputs (the spool, the overflow log,
 * the local run records, offline examples) readable by their owner only, where the file system
 * has POSIX permissions; elsewhere (Windows) they get the file system's defaults.
 *
 * <p>Stateless; thread-safe.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** The attributes that make a new file owner-only (none where POSIX permissions are not supported). */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Like {@link Files#createDirectories}, with the folders it creates owner-only. */
    public static Path createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        return POSIX ? Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createDirectories(directory);
    }

    /** Creates a new, empty, owner-only file; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        return Files.createFile(file, fileAttributes());
    }
}
