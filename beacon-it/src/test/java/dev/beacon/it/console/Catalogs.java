package dev.beacon.it.console;

import com.fasterxml.jackson.core.type.TypeReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the console's sources are (the beacon-console module beside this one) and how a catalog reads. */
final class Catalogs {
    static final Path DIR = locate();
    static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private Catalogs() {
    }

    private static Path locate() {
        for (Path p : new Path[]{Path.of("../beacon-console/src/main/resources/console"), Path.of("beacon-console/src/main/resources/console")}) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("beacon-console/src/main/resources/console not found from " + Path.of("").toAbsolutePath());
    }
}
