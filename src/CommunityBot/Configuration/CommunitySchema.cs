namespace CommunityBot.Configuration;

/// <summary>The JSON Schema shipped as <c>config/community.schema.json</c>, embedded so validation never depends on the working directory.</summary>
public static class CommunitySchema
{
    public const string SnowflakePattern = "^[0-9]{1,20}$";

    public static string Text { get; } = ReadEmbedded();

    private static string ReadEmbedded()
    {
        using var stream = typeof(CommunitySchema).Assembly.GetManifestResourceStream("community.schema.json")
            ?? throw new InvalidOperationException("community.schema.json is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
