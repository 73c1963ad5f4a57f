package io.accounttasks.queryside.projection;

import io.accounttasks.readmodel.TaskProjection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Rows sent to one {@code COPY ... from stdin (format csv)}, a megabyte at a time: the fastest way into a table,
 * and the memory it needs is the buffer's, however many rows go through. Every value is quoted, so an unquoted
 * empty field is null, and no line can be the end marker.
 */
final class CsvCopy {

    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private boolean firstInRow = true;
    private long rows;

    CsvCopy(Connection connection, String table, String columns) throws SQLException {
        copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin (format csv)");
    }

    CsvCopy text(String value) {
        separate();
        if (value != null) {
            quoted(value);
        }
        return this;
    }

    CsvCopy number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    CsvCopy bool(boolean value) {
        separate();
        buffer.append(value);
        return this;
    }

    /** An instant as a row stores it (TaskProjection.timeOf: to the millisecond, as events are stored), UTC. */
    CsvCopy time(Instant value) {
        return text(value == null ? null : TaskProjection.timeOf(value).toInstant().toString());
    }

    /** A text[]: each element double-quoted inside the braces, its quotes and backslashes escaped. */
    CsvCopy array(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return text(literal.append('}').toString());
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        firstInRow = true;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** Ends the COPY; its rows are in the table once the connection's transaction commits. */
    long finish() throws SQLException {
        flush();
        copy.endCopy();
        return rows;
    }

    private void separate() {
        if (!firstInRow) {
            buffer.append(',');
        }
        firstInRow = false;
    }

    private void quoted(String value) {
        buffer.append('"');
        if (value.indexOf('"') < 0) {
            buffer.append(value).append('"');
            return;
        }
        for (int c = 0; c < value.length(); c++) {
            char ch = value.charAt(c);
            if (ch == '"') {
                buffer.append('"');
            }
            buffer.append(ch);
        }
        buffer.append('"');
    }

    private void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }
}
