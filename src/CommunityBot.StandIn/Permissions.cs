namespace CommunityBot.StandIn;

/// <summary>PERM § Bitwise Permission Flags (the ones the stand-in reasons about).</summary>
public static class Permissions
{
    public const ulong CreateInstantInvite = 1UL << 0;
    public const ulong KickMembers = 1UL << 1;
    public const ulong BanMembers = 1UL << 2;
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageChannels = 1UL << 4;
    public const ulong ManageGuild = 1UL << 5;
    public const ulong AddReactions = 1UL << 6;
    public const ulong ViewAuditLog = 1UL << 7;
    public const ulong ViewChannel = 1UL << 10;
    public const ulong SendMessages = 1UL << 11;
    public const ulong ManageMessages = 1UL << 13;
    public const ulong EmbedLinks = 1UL << 14;
    public const ulong AttachFiles = 1UL << 15;
    public const ulong ReadMessageHistory = 1UL << 16;
    public const ulong MentionEveryone = 1UL << 17;
    public const ulong UseExternalEmojis = 1UL << 18;
    public const ulong ChangeNickname = 1UL << 26;
    public const ulong ManageNicknames = 1UL << 27;
    public const ulong ManageRoles = 1UL << 28;
    public const ulong UseApplicationCommands = 1UL << 31;
    public const ulong ManageEvents = 1UL << 33;
    public const ulong ManageThreads = 1UL << 34;
    public const ulong CreatePublicThreads = 1UL << 35;
    public const ulong SendMessagesInThreads = 1UL << 38;
    public const ulong ModerateMembers = 1UL << 40;
    public const ulong CreateEvents = 1UL << 44;
    public const ulong SendPolls = 1UL << 49;
    public const ulong PinMessages = 1UL << 51;

    /// <summary>Every flag Discord defines today (up to 1 &lt;&lt; 52).</summary>
    public const ulong All = (1UL << 53) - 1;

    /// <summary>What @everyone gets in a fresh guild: read, write, react, use commands.</summary>
    public const ulong DefaultEveryone = CreateInstantInvite | AddReactions | ViewChannel | SendMessages | EmbedLinks
        | AttachFiles | ReadMessageHistory | UseExternalEmojis | ChangeNickname | UseApplicationCommands
        | CreatePublicThreads | SendMessagesInThreads | SendPolls;

    /// <summary>A community bot's usual grant: moderation and messaging, but not ADMINISTRATOR.</summary>
    public const ulong DefaultBot = DefaultEveryone | KickMembers | BanMembers | ManageChannels | ManageGuild
        | ViewAuditLog | ManageMessages | MentionEveryone | ManageNicknames | ManageRoles | ManageEvents
        | ManageThreads | ModerateMembers | CreateEvents | PinMessages;
}

/// <summary>G § Gateway Intents › List of Intents.</summary>
public static class Intents
{
    public const ulong Guilds = 1UL << 0;
    public const ulong GuildMembers = 1UL << 1;
    public const ulong GuildModeration = 1UL << 2;
    public const ulong GuildInvites = 1UL << 6;
    public const ulong GuildPresences = 1UL << 8;
    public const ulong GuildMessages = 1UL << 9;
    public const ulong GuildMessageReactions = 1UL << 10;
    public const ulong DirectMessages = 1UL << 12;
    public const ulong DirectMessageReactions = 1UL << 13;
    public const ulong MessageContent = 1UL << 15;
    public const ulong GuildScheduledEvents = 1UL << 16;
    public const ulong AutoModerationConfiguration = 1UL << 20;
    public const ulong AutoModerationExecution = 1UL << 21;
    public const ulong GuildMessagePolls = 1UL << 24;
    public const ulong DirectMessagePolls = 1UL << 25;

    public const ulong Privileged = GuildMembers | GuildPresences | MessageContent;
    /// <summary>Bits 0–25 are defined; anything above closes the session with 4013.</summary>
    public const ulong AllDefined = (1UL << 26) - 1;
}
