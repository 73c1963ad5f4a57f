package io.accounttasks.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The load's client against a server that answers as Tomcat may: by length, chunked, or closing. */
class LoadClientTest {

    private final ServerSocket server = new ServerSocket(0);
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The answers, in turn, whatever the request. */
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    LoadClientTest() throws IOException {
        Thread acceptor = new Thread(this::serve, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void answersByLengthChunkedAndClosingAreReadWholeAndTheConnectionKeptWhileItMayBe() throws IOException {
        answers.addAll(List.of(
                "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        LoadClient client = new LoadClient(URI.create("http://localhost:" + server.getLocalPort()));

        assertThat(client.send("POST", "/v1/a", "Content-Type: application/json\r\n", "{}".getBytes()))
                .isEqualTo(201);
        assertThat(client.send("GET", "/v1/b", "Accept: application/json\r\n", null)).isEqualTo(200);
        assertThat(client.send("GET", "/v1/c", "", null)).isEqualTo(200);
        assertThat(client.send("GET", "/v1/d", "", null)).isEqualTo(404);

        // Three answers on the first connection; the one that said close ended it.
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0)).startsWith("POST /v1/a HTTP/1.1\r\nHost: localhost:" + server.getLocalPort())
                .contains("Content-Type: application/json\r\n", "Content-Length: 2\r\n").endsWith("\r\n\r\n{}");
        assertThat(requests.get(1)).startsWith("GET /v1/b HTTP/1.1\r\n").endsWith("Accept: application/json\r\n\r\n");
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread connection = new Thread(() -> answer(socket), "fake-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
            while (true) {
                StringBuilder request = new StringBuilder();
                int length = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    request.append(line).append("\r\n");
                    if (line.startsWith("Content-Length: ")) {
                        length = Integer.parseInt(line.substring(16));
                    }
                    if (line.isEmpty()) {
                        break;
                    }
                }
                if (request.isEmpty()) {
                    return;
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                requests.add(request + new String(body));
                String answer = answers.get(next.getAndIncrement());
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.contains("Connection: close")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went
        }
    }
}
