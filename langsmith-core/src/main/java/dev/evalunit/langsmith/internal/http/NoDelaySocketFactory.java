package dev.evalunit.langsmith.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY} set, so that the last partial segment of a request body
 * is not held back by Nagle's algorithm waiting for a delayed ACK (about 40 ms a request).
 *
 * <p>Stateless; thread-safe.
 */
public final class NoDelaySocketFactory extends SocketFactory {
    /** The shared instance. */
    public static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();
    private final SocketFactory delegate = SocketFactory.getDefault();

    private NoDelaySocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket configure(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
