# syntax=docker/dockerfile:1
# Change Gate, the Probot app: Node 24, production dependencies only, run as the unprivileged `node` user.
# Build: docker build -t change-gate .
# Run:   docker run -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... change-gate

# Stage 1: install the production dependencies. Its npm cache stays in this stage: only node_modules is copied
# into the runtime stage.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: bundle the app's sources into dist/app.js (scripts/build-app.ts) with esbuild, and Ajv with
# ajv-formats, which compile the project's schemas into the bundle, at the versions package-lock.json pins (no
# package.json yet: npm installs those and nothing else). The other packages stay external; the image runs
# JavaScript, without Node's TypeScript stripper.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package-lock.json ./
RUN npm install --no-save --no-package-lock --no-audit --no-fund $(node -p "['esbuild', 'ajv', 'ajv-formats'].map((name) => name + '@' + require('./package-lock.json').packages['node_modules/' + name].version).join(' ')")
COPY package.json ./
COPY scripts/build-app.ts scripts/precompiled-schemas.ts ./scripts/
COPY schemas ./schemas
COPY src ./src
RUN node scripts/build-app.ts

# Stage 3: the runtime image: the dependencies from stage 1 and the bundle from stage 2, owned by root, run as
# `node`.
FROM node:24-bookworm-slim AS runtime
# MALLOC_MMAP_THRESHOLD_ as in `npm start` (package.json): glibc's malloc serves blocks of 128 KiB and more with
# their own mappings, given back when freed, instead of raising that threshold to the largest block freed (V8's
# compiler zones, up to 7 MiB each) and keeping such blocks in its arenas for good; MALLOC_ARENA_MAX=2: V8's
# helper threads share one arena instead of one each (README, "Memory").
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json app.yml ./
COPY --from=build /app/dist/app.js ./dist/app.js
USER node
EXPOSE 3000
# The app answers GET /healthz once its server is up (GET /readyz: once its history keys are loaded).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node directly (not through npm) so that SIGTERM from `docker stop` reaches the app, which answers the webhooks
# in flight and exits (CHANGE_GATE_SHUTDOWN_TIMEOUT, 20 s by default; README, "Stopping"); the same V8 options as
# `npm start` (package.json): a young generation of at most 2 × 8 MiB and an old generation that grows to 1.3 ×
# its live objects between full collections, instead of V8's defaults for a large machine (up to 2 × 64 MiB and
# 4 ×), which reached 230 MiB under load for about 30 MiB of live objects (README, "Memory").
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=30", "dist/app.js"]
