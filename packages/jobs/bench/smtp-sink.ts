/**
 * The benchmark's mail server, in a process of its own so that it does not share the sender's
 * event loop. Tells its parent the port over IPC, and answers "report" with what it accepted.
 */
import { startSmtpReceiver } from "../src/testing/smtp-receiver.ts";

const receiver = await startSmtpReceiver();
process.send?.({ port: receiver.port });
process.on("message", (message: string) => {
  if (message === "report") {
    process.send?.({ accepted: receiver.accepted.length, unique: receiver.deliveries().length });
  } else if (message === "close") {
    void receiver.close().then(() => process.exit(0));
  }
});
