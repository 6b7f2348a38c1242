package dev.switchboard.store;

import dev.switchboard.bus.Reply;

import java.util.List;

/**
 * A reply split in the platform's chunks, ready for the outbox.
 *
 * @param reply  where it goes, and the message it answers ({@link Reply#inboundId()}, the chunks' origin)
 * @param chunks the reply's text in pieces, in order
 */
public record ChunkedReply(Reply reply, List<String> chunks) {

  public ChunkedReply {
    chunks = List.copyOf(chunks);
  }
}
