namespace CommunityBot.Interactions;

/// <summary>PERM § Bitwise Permission Flags that the bot checks or needs.</summary>
public static class Permissions
{
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
    public const ulong ManageRoles = 1UL << 28;
    public const ulong ManageEvents = 1UL << 33;
    public const ulong ManageThreads = 1UL << 34;
    public const ulong CreatePublicThreads = 1UL << 35;
    public const ulong SendMessagesInThreads = 1UL << 38;
    public const ulong ModerateMembers = 1UL << 40;

    public static bool Has(ulong granted, ulong required) =>
        (granted & Administrator) != 0 || (granted & required) == required;
}

/// <summary>Who may use a command or component. Checked server-side on every interaction.</summary>
public enum AccessLevel
{
    Everyone,
    /// <summary>Moderate Members permission, or a configured moderator role, or admin.</summary>
    Moderator,
    /// <summary>Manage Server permission, or a configured admin role.</summary>
    Admin,
}

/// <summary>
/// A refusal the user should read: missing permission, a bad option value, a state that forbids the action.
/// The dispatcher answers it as an ephemeral message; nothing is logged as an error.
/// </summary>
public sealed class InteractionRefusedException(string userMessage) : Exception(userMessage)
{
    /// <summary>
    /// For refusals raised where the member's language is unknown (deep in parsing): a key of the shared
    /// <c>InteractionStrings</c> that the dispatcher shows in the member's language instead of <see cref="Exception.Message"/>.
    /// </summary>
    public string? SharedKey { get; init; }
}
