package io.accounttasks.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load's HTTP/1.1 client: blocking, keep-alive connections, one per request in flight, the answer read and
 * discarded on the calling thread. It shares the machine with the system it measures, so it must cost little: the
 * JDK's {@code HttpClient} spent 1.2-1.4 ms of CPU per request (its selector thread and executor hand every
 * exchange over twice), about as much as the gateway itself, where wrk, which the issue measured with, spends a
 * tenth of that. Only what the load sends is supported: a request with a small body, an answer with
 * {@code Content-Length}, chunked, or until the connection closes.
 */
final class LoadClient {

    /** A connection idle longer than this may have been closed by the server (Tomcat's keep-alive timeout: 20 s). */
    private static final long STALE_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int TIMEOUT_MS = (int) Duration.ofSeconds(30).toMillis();

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    LoadClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends one request and reads its whole answer: its status. {@code headers} is the header block without Host
     * and Content-Length, each line ending in CRLF.
     */
    int send(String method, String path, String headers, byte[] body) throws IOException {
        Connection connection = take();
        boolean reusable = false;
        try {
            OutputStream out = connection.out;
            out.write((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(hostHeader);
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } else {
                out.write(CRLF);
            }
            out.flush();
            Answer answer = connection.readAnswer();
            reusable = answer.keepAlive();
            return answer.status();
        } finally {
            if (reusable) {
                connection.lastUsed = System.nanoTime();
                idle.push(connection);
            } else {
                connection.close();
            }
        }
    }

    private Connection take() throws IOException {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            if (System.nanoTime() - connection.lastUsed < STALE_NANOS) {
                return connection;
            }
            connection.close();
        }
        return new Connection(host, port);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private record Answer(int status, boolean keepAlive) {
    }

    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder(128);
        private long lastUsed;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            // Buffered so that a request leaves in one segment, as its parts are written separately.
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        Answer readAnswer() throws IOException {
            String status = readLine();
            // "HTTP/1.1 200 OK"
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                in.transferTo(OutputStream.nullOutputStream());
                close = true;
            }
            return new Answer(code, !close);
        }

        private long chunkSize() throws IOException {
            String size = readLine();
            int extension = size.indexOf(';');
            return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("the answer ended early");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
