namespace CommunityBot.Discord.Gateway;

/// <summary>G § Gateway Intents › List of Intents.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMembers = 1 << 1,
    GuildModeration = 1 << 2,
    GuildInvites = 1 << 6,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    DirectMessages = 1 << 12,
    MessageContent = 1 << 15,
    GuildScheduledEvents = 1 << 16,
    AutoModerationExecution = 1 << 21,
    GuildMessagePolls = 1 << 24,

    /// <summary>What the community modules need together.</summary>
    Community = Guilds | GuildMembers | GuildModeration | GuildInvites | GuildMessages | GuildMessageReactions
        | DirectMessages | MessageContent | GuildScheduledEvents | GuildMessagePolls,
}
