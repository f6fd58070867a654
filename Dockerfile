# Tijdig: web app, workers and scheduler in one process (`npm start`). Used by docker-compose.yml;
# it connects to an existing engine (ENGINE_REST_URL), so this image needs no Java.
FROM node:20-bookworm
WORKDIR /app

# Dependencies first, so a change in the sources does not reinstall them. `npm ci` also runs
# postinstall, which generates the Prisma client from prisma/schema.prisma.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

COPY . .
# Letters, print batches and logs are written under var/ (see src/config.ts).
RUN mkdir -p var && chown node:node var
USER node
ENV PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
