# The embedded topology in a container: `docker build -t edu-platform . && docker run -p 8787:8787 edu-platform`.
# Set DATABASE_URL / REDIS_URL to use servers instead of the embedded defaults (see docker-compose.yml).
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY scripts ./scripts
COPY bench ./bench
COPY bunfig.toml tsconfig.json wrangler.toml ./
RUN npm ci --no-audit --no-fund
ENV HOST=0.0.0.0 PORT=8787 DATA_DIR=/data
VOLUME /data
EXPOSE 8787
CMD ["npm", "start"]
