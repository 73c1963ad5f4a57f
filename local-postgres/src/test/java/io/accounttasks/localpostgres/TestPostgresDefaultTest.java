package io.accounttasks.localpostgres;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default suite runs where there is no Docker: TestPostgres's embedded server must come up without a single
 * Testcontainers class (loading one is the first step to looking for Docker). Checked with TestPostgres loaded
 * through a class loader that has no Testcontainers at all.
 */
class TestPostgresDefaultTest {

    @Test
    void theEmbeddedDefaultNeverLoadsTestcontainers() throws Exception {
        String chosen = System.getProperty(TestPostgres.SOURCE);
        System.clearProperty(TestPostgres.SOURCE); // the default, whatever this run was given
        try (WithoutTestcontainers loader = new WithoutTestcontainers()) {
            Class<?> testPostgres = Class.forName(TestPostgres.class.getName(), true, loader);
            String url = (String) testPostgres.getMethod("jdbcUrl").invoke(null);

            try (Connection owner = DriverManager.getConnection(url, "postgres", "postgres");
                 ResultSet answer = owner.createStatement().executeQuery("select 1")) {
                assertThat(answer.next()).isTrue();
            }
            assertThat(loader.refused).isEmpty();
        } finally {
            if (chosen != null) {
                System.setProperty(TestPostgres.SOURCE, chosen);
            }
        }
    }

    /** This test's class path, less org.testcontainers: asking for one of its classes is recorded and fails. */
    private static final class WithoutTestcontainers extends URLClassLoader {

        final List<String> refused = new CopyOnWriteArrayList<>();

        WithoutTestcontainers() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.testcontainers.")) {
                refused.add(name);
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        private static URL[] classPath() {
            // Surefire runs tests from a manifest-only jar; the real class path is in this property then.
            String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            return Arrays.stream(path.split(File.pathSeparator)).map(entry -> {
                try {
                    return new File(entry).toURI().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
        }
    }
}
