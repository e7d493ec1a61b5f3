# One image for all four services and the two hook commands; the Deployment
# (or Job) chooses the command, e.g. `node dist/apps/registry/src/main.js`.
# Not built in this repository's CI (no container engine there); see README
# "Deploy to Kubernetes".

# --- build: full install (swc, and the `node` devDependency npm scripts run on), compile to dist/
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json nest-cli.json ./
COPY tools ./tools
COPY bench ./bench
COPY libs ./libs
COPY apps ./apps
# test/ is not in the build context (.dockerignore): the build skips the fault suite. The test
# harness (libs/testing) compiles with the libs, for npm run chaos; the image does not ship it.
RUN npm run build && rm -rf dist/libs/testing

# --- production dependencies only (no install scripts: none of them needs one)
FROM node:24-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime: slim Node 24, compiled apps and libs, non-root
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Services bind loopback unless told otherwise; in a container they must listen on every interface.
ENV HOOKLINE_BIND_ADDRESS=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/dist/libs ./dist/libs
COPY package.json ./
# The image's `node` user, by number so Kubernetes can enforce runAsNonRoot.
USER 1000:1000
EXPOSE 8080 8081 8082 8083
CMD ["node", "dist/apps/registry/src/main.js"]
