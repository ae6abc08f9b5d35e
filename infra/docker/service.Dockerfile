# One image for every service (the compose file picks the entry point). Services run their
# TypeScript source with tsx, as internal packages are consumed as source.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY services ./services
COPY infra/scripts ./infra/scripts
RUN npm ci --no-audit --no-fund && npm cache clean --force
USER node
