import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 that records what it accepts, for tests and the benchmark. It
 * reads only the headers, which is all a Message-ID check needs.
 *
 * @example
 * const receiver = await startSmtpReceiver();
 * // …send to 127.0.0.1:receiver.port…
 * receiver.deliveries(); // one per distinct Message-ID
 * await receiver.close();
 */
export interface ReceivedMessage {
  messageId: string;
  to: string[];
}

export interface SmtpReceiver {
  readonly port: number;
  /** Every message accepted, duplicates included, in order of acceptance. */
  readonly accepted: readonly ReceivedMessage[];
  /** What a mailbox that drops a Message-ID it has already seen would deliver. */
  deliveries(): ReceivedMessage[];
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /**
   * Runs before a message is accepted. The message is accepted (250) when it resolves and refused
   * (451) when it rejects; while it is pending the client waits, as for a slow server.
   */
  beforeAccept?: (message: ReceivedMessage, acceptedSoFar: number) => Promise<void> | void;
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const accepted: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (!head.includes("\r\n\r\n")) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        const headers = head.split("\r\n\r\n")[0] ?? "";
        const message = {
          messageId: /^message-id:\s*(<[^>\s]+>)/im.exec(headers)?.[1] ?? "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        Promise.resolve(options.beforeAccept?.(message, accepted.length))
          .then(() => {
            accepted.push(message);
            callback();
          })
          .catch((error: Error) => callback(Object.assign(error, { responseCode: 451 })));
      });
    },
  });
  // A client killed mid-conversation resets its sockets; that is expected here, not a failure.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    accepted,
    deliveries() {
      const seen = new Map<string, ReceivedMessage>();
      for (const message of accepted) if (!seen.has(message.messageId)) seen.set(message.messageId, message);
      return [...seen.values()];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
