package io.accounttasks.e2e;

import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's examples, as a new user runs them: every {@code ```bash} block from "## Using it" on, in order, in
 * one bash process, against the running system, from a working directory laid out as the repository root after
 * {@code ./run-local} ({@code .run-local/demo.env} for a fresh organization, {@code .run-local/logs} the services'
 * logs, {@code scripts}). The README's convention: a request's last line ends with a comment naming the status it
 * answers ({@code # 201}); a block whose fence reads {@code ```bash not-tested} is only syntax-checked.
 * <p>
 * How the statuses are read: the script is run with a shell function {@code curl} in front of the real one that
 * also dumps each answer's headers ({@code -D}), whatever the example itself prints, and after each line with a
 * status comment the test's script checks the status of the last request made since the one before. A request that
 * promises nothing, a command that fails (an ERR trap), a status that differs or a run longer than
 * {@link #RUN_TIMEOUT_SECONDS} fails the test, naming the block, the command and the answer. Needs bash, curl,
 * coreutils, sed and grep (what the README's examples use besides the JDK); without curl it is skipped.
 */
@EndToEnd
class ReadmeTest {

    private static final long RUN_TIMEOUT_SECONDS = 150;

    /**
     * What the examples may use besides the JDK: bash, curl, sed, grep and GNU coreutils, as on a bare Debian with
     * curl installed (the test's own functions use some of them too). Nothing else is on the examples' PATH.
     */
    private static final List<String> BARE_DEBIAN = List.of("bash", "sh", "curl", "sed", "grep",
            "[", "base64", "basename", "cat", "chmod", "comm", "cp", "cut", "date", "dirname", "echo", "env", "expr",
            "false", "fold", "head", "id", "join", "ln", "ls", "md5sum", "mkdir", "mktemp", "mv", "nl", "nproc", "od",
            "paste", "printf", "readlink", "realpath", "rm", "rmdir", "seq", "sha256sum", "shuf", "sleep", "sort",
            "split", "stat", "tac", "tail", "tee", "test", "timeout", "touch", "tr", "true", "uname", "uniq", "wc",
            "whoami", "yes");

    /** A status comment: the last {@code #} on a line, after a blank, followed by three digits. */
    private static final Pattern STATUS_COMMENT = Pattern.compile("\\s#\\s*([1-5]\\d\\d)\\b[^#]*$");
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*(.*)$");

    private static Path root;
    private static List<Block> blocks;

    @BeforeAll
    static void readme() throws IOException {
        Path basedir = Path.of(System.getProperty("e2e.basedir", System.getProperty("user.dir")))
                .toAbsolutePath().normalize();
        root = basedir.getParent();
        blocks = Block.parse(Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8));
    }

    @Test
    void everyShellBlockIsValidBash() throws Exception {
        assertThat(blocks).as("bash blocks from '## Using it' on").hasSizeGreaterThan(10);
        for (Block block : blocks) {
            Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            bash.getOutputStream().write(String.join("\n", block.lines).getBytes(StandardCharsets.UTF_8));
            bash.getOutputStream().close();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as("bash -n of %s:\n%s", block.where(), output).isZero();
        }
    }

    @Test
    void theExamplesRunTopToBottomAndAnswerTheStatusesTheyPromise(@TempDir Path work) throws Exception {
        // As the browser test does (support/Chromium): skipped where curl is missing, but not in CI, which must run it.
        if (!onPath("curl") && !"true".equals(System.getenv("CI"))) {
            Assumptions.abort("README test skipped: curl is not on the PATH; to run it, apt-get install curl");
        }
        List<Block> tested = blocks.stream().filter(block -> block.tested).toList();
        long promised = tested.stream().mapToLong(block -> block.statusLines().size()).sum();
        assertThat(promised).as("requests in the README that promise a status").isGreaterThan(40);

        // The working directory, as the repository root is after ./run-local (demo_credentials there).
        RunningSystem system = RunningSystem.get();
        Tenant demo = Fixtures.bootstrapOrganization("readme");
        Path runLocal = Files.createDirectories(work.resolve("root").resolve(".run-local"));
        Path cwd = runLocal.getParent();
        Files.writeString(runLocal.resolve("demo.env"), "# written like ./run-local's\nexport"
                + " TASKS_URL=" + system.gateway()
                + " TASKS_ORG=" + demo.orgId()
                + " TASKS_USER=" + demo.userId()
                + " TASKS_API_KEY=" + demo.apiKey()
                + " TASKS_TOKEN=" + demo.token()
                + " TASKS_ADMIN_SECRET=" + RunningSystem.ADMIN_SECRET
                + " TASKS_JWT_SECRET=" + RunningSystem.JWT_SECRET + "\n");
        Path logs = system.logFiles().values().iterator().next().getParent();

        Path state = Files.createDirectories(work.resolve("state"));
        Script script = Script.of(tested, state);
        Path scriptFile = work.resolve("readme.sh");
        Files.writeString(scriptFile, script.text);
        Path output = Files.createDirectories(root.resolve("e2e-tests").resolve("target").resolve("readme-test"))
                .resolve("output.txt");

        ProcessBuilder builder = new ProcessBuilder("bash", scriptFile.toString())
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // A clean environment, as a new terminal on a bare Debian has it: nothing of the developer's TASKS_*
        // settings, and on the PATH only the JDK that runs this test (scripts/MintJwt.java) and BARE_DEBIAN's tools,
        // so that an example needing jq, uuidgen, openssl or the like fails here as it would there.
        Path bin = Files.createDirectories(work.resolve("bin"));
        Map<String, String> environment = builder.environment();
        String home = environment.getOrDefault("HOME", work.toString());
        environment.clear();
        environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + bareDebian(bin));
        environment.put("HOME", home);
        environment.put("LANG", "C.UTF-8");
        environment.put("TMPDIR", work.toString());

        long started = System.nanoTime();
        boolean ended = false;
        Process bash = null;
        try {
            Files.createSymbolicLink(runLocal.resolve("logs"), logs);
            Files.createSymbolicLink(cwd.resolve("scripts"), root.resolve("scripts"));
            bash = builder.start();
            ended = bash.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            // Too slow, or this thread interrupted: the shell and whatever it runs (curl, a sleep) end here.
            if (bash != null && bash.isAlive()) {
                bash.descendants().forEach(ProcessHandle::destroyForcibly);
                bash.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // Links out of the temporary directory, removed here so that its cleanup has nothing to warn about.
            Files.deleteIfExists(runLocal.resolve("logs"));
            Files.deleteIfExists(cwd.resolve("scripts"));
            try (Stream<Path> links = Files.list(bin)) {
                for (Path link : links.toList()) {
                    Files.deleteIfExists(link);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[e2e] README examples: %d blocks, %d promised statuses, %.1f s, output %s%n",
                tested.size(), promised, seconds, output);

        List<String> passed = lines(state.resolve("passed"));
        if (!ended) {
            fail("the README's examples did not finish within %d s; the last status checked was %s; the end of "
                    + "the output (%s):%n%s", RUN_TIMEOUT_SECONDS,
                    passed.isEmpty() ? "none" : script.describe(passed.get(passed.size() - 1)), output, tail(output));
        }
        int exit = bash.exitValue();
        if (exit != 0) {
            fail(script.failure(exit, state, output));
        }
        assertThat(passed).as("statuses checked (the output: %s)", output).hasSize((int) promised);
    }

    private static boolean onPath(String command) {
        return which(command) != null;
    }

    private static Path which(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return Path.of(directory, command);
            }
        }
        return null;
    }

    /** A directory of links to {@link #BARE_DEBIAN}'s tools as found on this machine's PATH; its path. */
    private static String bareDebian(Path bin) throws IOException {
        for (String tool : BARE_DEBIAN) {
            Path found = which(tool);
            if (found != null) {
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
        }
        return bin.toString();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = lines(file);
        String text = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /** One fenced shell block of the README. */
    private record Block(int number, String section, int firstLine, boolean tested, List<String> lines) {

        /** Every {@code ```bash} block from "## Using it" to the end, numbered from 1 in order. */
        static List<Block> parse(List<String> readme) {
            List<Block> found = new ArrayList<>();
            boolean using = false;
            String section = "";
            for (int i = 0; i < readme.size(); i++) {
                String line = readme.get(i);
                if (line.startsWith("## Using it")) {
                    using = true;
                }
                if (line.startsWith("#")) {
                    section = line;
                }
                Matcher fence = FENCE.matcher(line);
                if (!fence.matches()) {
                    continue;
                }
                int first = i + 1;
                List<String> body = new ArrayList<>();
                for (i = first; i < readme.size() && !readme.get(i).startsWith("```"); i++) {
                    body.add(readme.get(i));
                }
                if (using && fence.group(1).equals("bash")) {
                    String rest = fence.group(2).trim();
                    if (!rest.isEmpty() && !rest.equals("not-tested")) {
                        throw new IllegalStateException("README.md line " + (first) + ": a bash block is "
                                + "```bash or ```bash not-tested, not ```bash " + rest);
                    }
                    found.add(new Block(found.size() + 1, section, first + 1, rest.isEmpty(), body));
                }
            }
            return found;
        }

        /** README line numbers (from 1) of the lines that promise a status, with that status. */
        Map<Integer, String> statusLines() {
            Map<Integer, String> statuses = new LinkedHashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher status = STATUS_COMMENT.matcher(line);
                if (!line.trim().startsWith("#") && status.find()) {
                    statuses.put(firstLine + i, status.group(1));
                }
            }
            return statuses;
        }

        String where() {
            return "block " + number + " (" + section + ", README.md line " + firstLine + ")";
        }

        /** The command that ends at this README line: back to the blank or comment line before it. */
        String commandEndingAt(int readmeLine) {
            int end = readmeLine - firstLine;
            int start = end;
            while (start > 0) {
                String before = lines.get(start - 1);
                if (before.isBlank() || before.trim().startsWith("#")
                        || STATUS_COMMENT.matcher(before).find()) {
                    break;
                }
                start--;
            }
            return String.join("\n", lines.subList(start, end + 1));
        }
    }

    /** The bash script that runs the blocks, and how its lines map back to the README. */
    private static final class Script {

        private final String text;
        private final List<Block> blocks;
        /** For each line of the script (from 1), the README line it came from, or 0. */
        private final List<Integer> readmeLines = new ArrayList<>();

        private Script(List<Block> blocks, Path state) {
            this.blocks = blocks;
            StringBuilder out = new StringBuilder();
            for (String line : prelude(state).split("\n", -1)) {
                append(out, line, 0);
            }
            for (Block block : blocks) {
                Map<Integer, String> statuses = block.statusLines();
                append(out, "__block " + block.number, block.firstLine - 1);
                for (int i = 0; i < block.lines.size(); i++) {
                    int readmeLine = block.firstLine + i;
                    append(out, block.lines.get(i), readmeLine);
                    String status = statuses.get(readmeLine);
                    if (status != null) {
                        append(out, "__expect " + status + " " + block.number + " " + readmeLine, readmeLine);
                    }
                }
                append(out, "__end_block " + block.number, block.firstLine + block.lines.size());
            }
            append(out, "exit 0", 0);
            this.text = out.toString();
        }

        static Script of(List<Block> blocks, Path state) {
            return new Script(blocks, state);
        }

        private void append(StringBuilder out, String line, int readmeLine) {
            out.append(line).append('\n');
            readmeLines.add(readmeLine);
        }

        /**
         * The functions the README's lines run among: {@code curl} records each answer's status (the last status
         * line of its headers: after a 100 Continue, the final one) and headers and body (for the message), and
         * passes curl's exit status on, except that a stream cut by {@code --max-time} after its answer began is
         * how the README shows a live stream, so not a failure.
         */
        private static String prelude(Path state) {
            String dir = state.toString().replace("'", "'\\''");
            return """
                    __d='%s'
                    : > "$__d/statuses"
                    curl() {
                        local rc status
                        command curl -D "$__d/headers" "$@" | tee "$__d/body"
                        rc=${PIPESTATUS[0]}
                        status=$(sed -n 's/^HTTP\\/[0-9.]* \\([0-9][0-9][0-9]\\).*/\\1/p' "$__d/headers" | tail -n 1)
                        echo "${status:-000} ${BASH_LINENO[0]}" >> "$__d/statuses"
                        { cat "$__d/headers"; head -c 3000 "$__d/body"; } > "$__d/answer" 2>/dev/null
                        if [ "$rc" = 28 ] && [ -n "$status" ]; then rc=0; fi
                        return "$rc"
                    }
                    __fail() {
                        printf '%%s\\n' "$@" > "$__d/failure"
                        exit 3
                    }
                    __block() { echo "==== README block $1, $(date -u +%%T.%%3N)"; }
                    __expect() {
                        local got
                        got=$(tail -n 1 "$__d/statuses" | cut -d ' ' -f 1)
                        if [ -z "$got" ]; then __fail no-request "$3" "$1"; fi
                        if [ "$(cut -d ' ' -f 2 "$__d/statuses" | sort -u | wc -l)" != 1 ]; then
                            __fail unpromised "$2" "" "$(head -n 1 "$__d/statuses")"
                        fi
                        if [ "$got" != "$1" ]; then __fail status "$3" "$1" "$got"; fi
                        : > "$__d/statuses"
                        echo "$3" >> "$__d/passed"
                    }
                    __end_block() {
                        if [ -s "$__d/statuses" ]; then __fail unpromised "$1" "" "$(head -n 1 "$__d/statuses")"; fi
                    }
                    trap '__fail command "$LINENO" "" "$?" "$BASH_COMMAND"' ERR
                    """.formatted(dir);
        }

        /** The README line a line of this script (from 1, as bash's LINENO) came from; 0 for the test's own. */
        private int readmeLineOf(int scriptLine) {
            return scriptLine >= 1 && scriptLine <= readmeLines.size() ? readmeLines.get(scriptLine - 1) : 0;
        }

        private String readme(int readmeLine) {
            Block block = blockOf(readmeLine);
            return block == null || readmeLine < block.firstLine || readmeLine >= block.firstLine + block.lines.size()
                    ? "" : block.lines.get(readmeLine - block.firstLine);
        }

        String describe(String readmeLine) {
            int line = Integer.parseInt(readmeLine.trim());
            Block block = blockOf(line);
            return block == null ? "README.md line " + line
                    : block.where() + ", the command ending at line " + line + ":\n" + block.commandEndingAt(line);
        }

        private Block blockOf(int readmeLine) {
            for (Block block : blocks) {
                if (readmeLine >= block.firstLine - 1 && readmeLine <= block.firstLine + block.lines.size()) {
                    return block;
                }
            }
            return null;
        }

        String failure(int exit, Path state, Path output) throws IOException {
            List<String> failure = lines(state.resolve("failure"));
            String answer = read(state.resolve("answer"));
            if (answer.isBlank()) {
                answer = "(none recorded)";
            }
            if (failure.isEmpty()) {
                return "the README's examples ended with exit status " + exit + " (not one of the test's checks); "
                        + "the end of the output (" + output + "):\n" + tail(output);
            }
            String kind = failure.get(0);
            switch (kind) {
                case "status" -> {
                    int line = Integer.parseInt(failure.get(1));
                    return blockOf(line).where() + ": the request ending at README.md line " + line + " promises "
                            + failure.get(2) + " but answered " + failure.get(3) + ".\nThe command:\n"
                            + blockOf(line).commandEndingAt(line) + "\nThe answer:\n" + answer
                            + "\n(the whole output: " + output + ")";
                }
                case "no-request" -> {
                    int line = Integer.parseInt(failure.get(1));
                    return blockOf(line).where() + ": README.md line " + line + " promises " + failure.get(2)
                            + " but the command made no request:\n" + blockOf(line).commandEndingAt(line);
                }
                case "unpromised" -> {
                    // "<status> <script line of the call>" of the first request that no status comment follows
                    String[] request = failure.get(3).trim().split(" ");
                    int line = readmeLineOf(Integer.parseInt(request[1]));
                    int number = Integer.parseInt(failure.get(1));
                    Block block = blocks.stream().filter(candidate -> candidate.number == number).findFirst()
                            .orElseThrow();
                    return block.where() + ": the request at README.md line " + line + " (it answered " + request[0]
                            + ") promises no status: end it with '# <status>' (one request per status comment; a "
                            + "polling loop repeats one request).\nIts line:\n" + readme(line);
                }
                default -> {
                    int line = readmeLineOf(Integer.parseInt(failure.get(1)));
                    Block block = blockOf(line);
                    return (block == null ? "the README's examples" : block.where()) + ": a command failed (exit "
                            + "status " + failure.get(3) + ") at README.md line " + line + ": "
                            + (failure.size() > 4 ? failure.get(4) : "")
                            + "\nThe answer to the last request before it:\n" + answer
                            + "\nThe end of the output (" + output + "):\n" + tail(output);
                }
            }
        }
    }
}
