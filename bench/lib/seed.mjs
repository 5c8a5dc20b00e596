// Rows the load benchmarks need, written straight into the bench database with SQL (in production mode
// the development mailbox is off, so the bench cannot sign in through email): an enrollment window, a
// member with a session cookie and an active subscription, and the buyers of a doors-open spike (waitlist
// members with their personal enroll links, and signed-in people). Table shapes: packages/db/migrations.
// The app's own secret and link helpers (Node runs the TypeScript source directly), so cookies and links
// are made the way packages/auth and the doors-open email make them.
import { generateRandomString, hashSecret } from "../../packages/auth/src/secrets.ts";
import { enrollInviteToken } from "../../packages/platform/src/waitlist/links.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
export const WINDOW_ID = "win_bench";
export const MEMBER_EMAIL = "member@example.com";

/**
 * The bench window, created or moved so that it is in `phase` now: "public" (everyone may enroll) or
 * "waitlist-only" (only the waitlist may; anyone else is refused after the window check).
 */
export async function seedWindow(db, phase, now = Date.now()) {
  const priority = new Date(now - 2 * HOUR);
  const publicOpens = phase === "public" ? new Date(now - HOUR) : new Date(now + 12 * HOUR);
  const closes = new Date(now + DAY);
  await db.query(
    `insert into enrollment_windows (id, name, priority_opens_at, public_opens_at, closes_at, time_zone, capacity)
     values ($1, 'Benchmark window', $2, $3, $4, 'Europe/London', null)
     on conflict (id) do update set priority_opens_at = $2, public_opens_at = $3, closes_at = $4, cancelled_at = null`,
    [WINDOW_ID, priority.toISOString(), publicOpens.toISOString(), closes.toISOString()],
  );
}

/**
 * A member: a user, a session (token `<id>.<secret>`, the database keeps SHA-256 hex of the secret,
 * as packages/auth/src/sessions.ts does), an active subscription and a training profile that started
 * two weeks ago. Returns the Cookie header for a site on http://127.0.0.1 (cookie name `session`).
 */
export async function seedMember(db, now = Date.now()) {
  const userId = "usr_bench_member";
  const sessionId = "ses_benchmember";
  const secret = generateRandomString(32);
  const secretHash = hashSecret(secret);
  const at = new Date(now).toISOString();
  await db.query(
    `insert into users (id, email) values ($1, $2) on conflict (id) do nothing`, //
    [userId, MEMBER_EMAIL],
  );
  await db.query(`delete from sessions where id = $1`, [sessionId]);
  await db.query(
    `insert into sessions (id, user_id, secret_hash, last_verified_at, expires_at, user_agent, created_at)
     values ($1, $2, $3, $4, $5, 'bench', $4)`,
    [sessionId, userId, secretHash, at, new Date(now + 80 * DAY).toISOString()],
  );
  await db.query(
    `insert into subscriptions (id, user_id, stripe_customer_id, status, price_id, current_period_end)
     values ('sub_bench_member', $1, 'cus_bench_member', 'active', null, $2) on conflict (id) do nothing`,
    [userId, new Date(now + 30 * DAY).toISOString()],
  );
  const startDate = new Date(now - 14 * DAY).toISOString().slice(0, 10);
  await db.query(
    `insert into member_profiles (user_id, plan_slug, start_date, available_days, current_weekly_running_minutes, experience)
     values ($1, 'strong-runner-foundations', $2, '["mon","wed","fri","sat"]'::jsonb, 90, 'returning')
     on conflict (user_id) do nothing`,
    [userId, startDate],
  );
  return { email: MEMBER_EMAIL, cookie: `session=${sessionId}.${secret}` };
}

/**
 * The real buyers of a doors-open spike, people who proved who they are: `invites` confirmed waitlist
 * members, each with her personal enroll link (signed with the server's `appSecret`, as the doors-open
 * email signs it), and `signedIn` people with a session (as seedMember makes one) and no subscription.
 * Addresses are `doors-<tag>-<n>@example.com`. Returns them in order: the links first.
 */
export async function seedBuyers(db, { invites, signedIn, appSecret, tag, now = Date.now() }) {
  const at = new Date(now).toISOString();
  const buyers = [];
  const entryIds = [];
  const entryEmails = [];
  for (let index = 0; index < invites; index++) {
    const id = `wle_bench_${tag}_${index}`;
    const email = `doors-${tag}-${index}@example.com`;
    entryIds.push(id);
    entryEmails.push(email);
    buyers.push({ kind: "invite", email, invite: enrollInviteToken(appSecret, id) });
  }
  await db.query(
    `insert into waitlist_entries (id, email, consent_text, confirmed_at, welcome_due_at)
     select id, email, 'bench', $3, null from unnest($1::text[], $2::text[]) as t(id, email)`,
    [entryIds, entryEmails, at],
  );
  const userIds = [];
  const userEmails = [];
  const sessionIds = [];
  const secretHashes = [];
  for (let index = invites; index < invites + signedIn; index++) {
    const userId = `usr_bench_${tag}_${index}`;
    const sessionId = `ses_bench${tag}${index}`;
    const secret = generateRandomString(32);
    const email = `doors-${tag}-${index}@example.com`;
    userIds.push(userId);
    userEmails.push(email);
    sessionIds.push(sessionId);
    secretHashes.push(hashSecret(secret));
    buyers.push({ kind: "session", email, cookie: `session=${sessionId}.${secret}` });
  }
  await db.query(`insert into users (id, email) select * from unnest($1::text[], $2::text[])`, [userIds, userEmails]);
  await db.query(
    `insert into sessions (id, user_id, secret_hash, last_verified_at, expires_at, user_agent, created_at)
     select id, user_id, secret_hash, $4, $5, 'bench', $4 from unnest($1::text[], $2::text[], $3::text[]) as t(id, user_id, secret_hash)`,
    [sessionIds, userIds, secretHashes, at, new Date(now + 80 * DAY).toISOString()],
  );
  return buyers;
}
