package dev.failsoft.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failsoft.diagnosis.Diagnosis;
import dev.failsoft.diagnosis.FailureKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamFailureExceptionTest {

  @Test
  void aDeserializedExceptionKeepsItsMessageAndCauseAndNeverReturnsNull() throws Exception {
    Diagnosis refused = Diagnosis.builder(FailureKind.CONNECTION_REFUSED).build();
    UpstreamFailureException original =
        new UpstreamFailureException(refused, List.of(), new ConnectException("refused"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }

    UpstreamFailureException copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (UpstreamFailureException) in.readObject();
    }

    assertThat(copy.getMessage()).isEqualTo(original.getMessage());
    assertThat(copy.getCause()).isInstanceOf(ConnectException.class).hasMessage("refused");
    assertThat(copy.attempts()).isEmpty();
    assertThat(copy.diagnosis().kind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(copy.diagnosis().evidence().toString()).contains(original.getMessage());
    assertThat(original.diagnosis()).isSameAs(refused);
  }
}
