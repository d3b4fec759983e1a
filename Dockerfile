# syntax=docker/dockerfile:1
# One image for every role: ROLE=web (callbacks), worker (queues) or all. See docs/operations.md.
# The base is pinned to an exact Node release; pin its digest too where your registry policy asks for it.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Build: every dependency, `npm run build` (TypeScript to dist/, dist/src/main.js; tsconfig.build.json
#    also compiles the benchmark's floor server from bench/, which the runtime leaves out).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build

# 2. Production dependencies only (no install scripts: nothing in the tree needs them). valibot (under
#    bull-board) names TypeScript as an optional peer, which npm then installs even with --omit=dev;
#    nothing needs it at run time, so it goes.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver && npm cache clean --force

# 3. Runtime: the compiled service, production node_modules, the shipped menus. Files stay root-owned,
#    so the service (uid 1000, the image's `node` user) cannot change its own code.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000 MENUS_DIR=/app/menus
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
COPY menus ./menus
USER 1000:1000
EXPOSE 3000
# Asked where the service listens: HOST when it names one address, else loopback.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "const h=process.env.HOST;const a=!h||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+a+':'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and gets SIGTERM itself: src/main.ts drains and exits (never `npm start` here).
CMD ["node", "dist/src/main.js"]
