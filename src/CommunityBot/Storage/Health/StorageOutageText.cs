namespace CommunityBot.Storage.Health;

/// <summary>What members are told while the database is down (one place, for translation).</summary>
public static class StorageOutageText
{
    public const string TryAgainInAMoment =
        "I can't record anything right now (my database is unavailable), so this did not go through. Please try again in a moment.";
}
