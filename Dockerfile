# One image for every service: `docker build -t riskpool:0.1.0 .`, then run a service with its
# entry point as the argument, e.g. `docker run riskpool:0.1.0 dist/services/ledger/src/main.js`.
# The same tsc build as `npm start` (docs/adr/0007-running-services-from-a-tsc-build.md).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing the services run needs one, and none runs with network access here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
COPY libs libs
COPY services services
RUN npx tsc -p tsconfig.build.json \
  && npx vite build services/console --logLevel warn \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# The environment of every service process (SERVICE_PROCESS_ENV, libs/testing service-process.ts).
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
# The ledger embeds Noto Sans CJK in its PDF statements (services/ledger README "Statements").
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY scripts/register-dist-aliases.js scripts/
# Files the services write (the settlement's pain.001 outbox, for one) go under /app/tmp.
RUN mkdir -p tmp && chown node:node tmp
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The V8 flags of every service process (SERVICE_NODE_FLAGS, libs/testing service-process.ts).
ENTRYPOINT ["node", "--max-semi-space-size=16", "-r", "./scripts/register-dist-aliases.js"]
CMD ["dist/services/gateway/src/main.js"]
