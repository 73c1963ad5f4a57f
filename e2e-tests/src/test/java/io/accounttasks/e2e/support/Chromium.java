package io.accounttasks.e2e.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver ({@code apt-get install chromium
 * chromium-driver}; .ci/run installs them). Both are named explicitly, so Selenium never tries to download a browser
 * or a driver of its own: there is nothing to download them from. {@code -De2e.chromium=} and
 * {@code -De2e.chromedriver=} point elsewhere. Where they are missing the browser tests are skipped, saying how to
 * enable them, except in CI ({@code CI=true}), which must run them.
 */
public final class Chromium {

    private Chromium() {
    }

    /**
     * Disables the test class where the browser or its driver is missing (not in CI, which must run it), so that
     * it is reported as skipped, with one line on the console saying how to enable it.
     * Use: {@code @ExtendWith(Chromium.Installed.class)}.
     */
    public static final class Installed implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            for (String[] tool : new String[][] {{"e2e.chromium", "/usr/bin/chromium"},
                    {"e2e.chromedriver", "/usr/bin/chromedriver"}}) {
                Path path = Path.of(System.getProperty(tool[0], tool[1]));
                if (!Files.isExecutable(path) && !"true".equals(System.getenv("CI"))) {
                    String reason = "browser test skipped: " + path + " is missing; to run it, apt-get install "
                            + "chromium chromium-driver (or name another with -D" + tool[0] + "=/path)";
                    if (context.getTestMethod().isEmpty()) {
                        System.out.println(context.getDisplayName() + ": " + reason);
                    }
                    return ConditionEvaluationResult.disabled(reason);
                }
            }
            return ConditionEvaluationResult.enabled("Chromium and its driver are installed");
        }
    }

    public static WebDriver headless() {
        Path browser = installed("e2e.chromium", "/usr/bin/chromium");
        Path driver = installed("e2e.chromedriver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new",
                // CI runs as root, where Chromium's sandbox cannot start.
                "--no-sandbox",
                // Containers often have a tiny /dev/shm, which crashes tabs.
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,2400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }

    private static Path installed(String property, String standard) {
        Path path = Path.of(System.getProperty(property, standard));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: install Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver, as .ci/run does), or name another with -D"
                    + property + "=" + File.separator + "path");
        }
        return path;
    }
}
