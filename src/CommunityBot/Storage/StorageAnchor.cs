namespace CommunityBot.Storage;

/// <summary>Marks the namespace whose <c>Migrations</c> folder holds the core tables (jobs, command registrations).</summary>
internal static class StorageAnchor;
