package io.leadpipe.ingest.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client on a raw socket, for what an HTTP library will not do: send a request a byte at a time,
 * or stop in the middle of it and wait. It reads back whatever the server answers, or notices that
 * the server closed the connection.
 */
final class SlowClient implements AutoCloseable {

  /** What came back: a status line (status 0 when none), or the connection closed without one. */
  record Answer(int status, String head, boolean closedByServer) {}

  private final Socket socket;

  SlowClient(URL server, Duration readTimeout) throws IOException {
    socket = new Socket();
    socket.connect(
        new InetSocketAddress(server.getHost(), server.getPort()), (int) readTimeout.toMillis());
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.setTcpNoDelay(true);
  }

  static String head(String path, String authorization, int contentLength) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Authorization: "
        + authorization
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /**
   * Writes {@code bytes} one at a time, pausing {@code gap} between them (a client on a very slow
   * link).
   */
  void trickle(byte[] bytes, Duration gap) throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    for (byte b : bytes) {
      out.write(b);
      out.flush();
      Thread.sleep(gap.toMillis());
    }
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * Reads the answer's head, waiting at most the read timeout; EOF before any byte = closed without
   * a status.
   */
  Answer answer() throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1) {
        head.write(b);
        if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      return new Answer(0, head.toString(StandardCharsets.ISO_8859_1), false);
    } catch (IOException e) {
      // A reset by the server is a close without an answer as far as the client can tell.
      return new Answer(0, head.toString(StandardCharsets.ISO_8859_1), true);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return new Answer(0, "", true);
    }
    String[] statusLine = text.split("\r\n", 2)[0].split(" ");
    return new Answer(statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0, text, false);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
