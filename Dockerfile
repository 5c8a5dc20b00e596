# The academy in one image: the site is built once and serves whatever SITE_URL the container starts with.
#
#   docker build -t academy .
#   docker run -e SITE_URL=https://academy.example.com -e DATABASE_URL=postgres://… -e APP_SECRET=… academy
#
# compose.yaml runs it behind Caddy with PostgreSQL and backups; docs/deploy.md goes from a new server to a live
# academy. The content (articles, pages, courses, plans, emails) is built in: a coach deploys by building the
# image from her repository.

FROM node:24-bookworm-slim AS build
ENV CI=true
RUN npm install -g pnpm@10
WORKDIR /app
# The lockfile alone decides what is downloaded, so this layer is reused until a dependency changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch --prod
COPY . .
# Production dependencies only: the site's build needs nothing more (astro, its integrations, sharp and
# pagefind are dependencies of apps/web), so the server's node_modules are already pruned. The site is built
# for a placeholder origin (SITE_URL_PLACEHOLDER in apps/web/site-url.ts), which the server replaces with the
# SITE_URL it is started with. One RUN: each layer is a full copy of the tree on some storage drivers.
RUN pnpm install --offline --frozen-lockfile --prod \
  && SITE_URL=https://site-url.invalid pnpm --filter @academy/web run build \
  && rm -rf apps/web/.astro node_modules/.cache

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4321
WORKDIR /app
USER node
EXPOSE 4321
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/web/server.ts"]
# Last, so the steps above stay small: owned by root and read-only to the server, which runs as the image's
# unprivileged `node` user.
COPY --from=build /app ./
