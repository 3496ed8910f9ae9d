# Build: docker build -t communitybot .
# Run:   docker run -e Discord__Token=... -v communitybot-data:/app/data -v $PWD/config:/app/config:ro communitybot
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/CommunityBot/CommunityBot.csproj -c Release -o /out --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
RUN groupadd --system bot && useradd --system --gid bot --home-dir /app bot \
 && mkdir -p /app/data /app/logs /app/config && chown -R bot:bot /app
COPY --from=build --chown=bot:bot /out/ /app/
COPY --chown=bot:bot appsettings.example.json /app/appsettings.json
COPY --chown=bot:bot config/community.example.json config/community.schema.json /app/config/
USER bot
ENV DOTNET_ENVIRONMENT=Production
# State (SQLite database, health file) lives on a volume so redeploys keep points, votes, cases and FAQ.
VOLUME ["/app/data"]
# Healthy = Discord acknowledged a heartbeat in the last 2 minutes, after start-up (the bot touches data/healthy on every ACK once its guilds have arrived).
HEALTHCHECK --interval=60s --timeout=5s --start-period=90s --retries=3 \
  CMD find /app/data/healthy -mmin -2 | grep -q . || exit 1
ENTRYPOINT ["dotnet", "CommunityBot.dll"]
