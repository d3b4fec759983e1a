# syntax=docker/dockerfile:1
# One image for every role: ROLE=web (callbacks), worker (queues) or all. See docs/operations.md.
# The base is pinned to an exact Node release; pin its digest too where your registry policy asks for it.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Build: every dependency, TypeScript compiled to dist/ (dist/src/main.js).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Production dependencies only (no install scripts: nothing in the tree needs them).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. Runtime: compiled code, production node_modules, the shipped menus. Files stay root-owned,
#    so the service (uid 1000, the image's `node` user) cannot change its own code.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000 MENUS_DIR=/app/menus
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY menus ./menus
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and gets SIGTERM itself: src/main.ts drains and exits (never `npm start` here).
CMD ["node", "dist/src/main.js"]
