# syntax=docker/dockerfile:1
# Change Gate, the Probot app: Node 24, production dependencies only, run as the unprivileged `node` user.
# Build: docker build -t change-gate .
# Run:   docker run -p 3000:3000 -e APP_ID=... -e PRIVATE_KEY="$(cat key.pem)" -e WEBHOOK_SECRET=... change-gate

# Stage 1: install the production dependencies (no dev tool, no build: Node 24 runs the TypeScript sources).
# Its npm cache stays in this stage: only node_modules is copied into the runtime stage.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: the runtime image: the dependencies from stage 1 and the app's sources, owned by root, run as `node`.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json app.yml ./
COPY schemas ./schemas
COPY src ./src
USER node
EXPOSE 3000
# The app answers GET /healthz once its server is up (GET /readyz also checks what it depends on).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node directly (not through npm) so that SIGTERM from `docker stop` reaches the server. src/main.ts is
# Probot's `run` with the app's Octokit.
CMD ["node", "src/main.ts"]
