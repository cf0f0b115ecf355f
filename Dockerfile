# The embedded topology in a container: `docker build -t edu-platform . && docker run -p 8787:8787 edu-platform`.
# Set DATABASE_URL / REDIS_URL to use servers instead of the embedded defaults (see docker-compose.yml).
# test/docker-image.ci.ts copies what this file copies and runs its install step and CMD (no Docker needed).

# Build: every workspace's dependencies, Bun from the npm `bun` package, and the site. The root
# postinstall builds the site (site/dist), so site/ must be here before `npm ci`.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY site ./site
COPY scripts ./scripts
COPY bench ./bench
COPY bunfig.toml tsconfig.json wrangler.toml ./
RUN npm ci --no-audit --no-fund

# Run: the installed tree without npm's download cache, owned by root and read-only to the
# unprivileged `node` user that runs it; only DATA_DIR (PGlite, the issuer key) is writable.
FROM node:22-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
ENV HOST=0.0.0.0 PORT=8787 DATA_DIR=/data
VOLUME /data
EXPOSE 8787
# `npm start`'s command itself, so Bun is PID 1 and gets `docker stop`'s SIGTERM (npm would not
# pass it on) and shuts down cleanly.
CMD ["/app/node_modules/.bin/bun", "scripts/start.ts"]
