package io.authcloud.simulator.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which failed exchanges the app's client sends again: only those closed before any byte of an answer. */
@Tag("unit")
class HttpTest {

    @Test
    void aConnectionClosedOrResetBeforeTheStatusLineIsSentAgain() {
        // As the JDK's client reports it: its own IOException around the reader's, around the EOF or the reset.
        IOException closed = new IOException("HTTP/1.1 header parser received no bytes", new EOFException("EOF reached while reading"));
        assertThat(Http.closedBeforeAnyAnswer(new IOException(closed.getMessage(), closed))).isTrue();
        IOException reset = new IOException("HTTP/1.1 header parser received no bytes", new SocketException("Connection reset"));
        assertThat(Http.closedBeforeAnyAnswer(new IOException(reset.getMessage(), reset))).isTrue();
    }

    @Test
    void anAnswerCutShortOrARefusedConnectionIsNot() {
        IOException midHeaders = new IOException("HTTP/1.1 header parser received 12 bytes", new EOFException("EOF reached while reading"));
        assertThat(Http.closedBeforeAnyAnswer(new IOException(midHeaders.getMessage(), midHeaders))).isFalse();
        assertThat(Http.closedBeforeAnyAnswer(new ConnectException("Connection refused"))).isFalse();
        assertThat(Http.closedBeforeAnyAnswer(new IOException("Connection reset"))).isFalse();
    }
}
