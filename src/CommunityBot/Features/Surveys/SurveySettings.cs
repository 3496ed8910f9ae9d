namespace CommunityBot.Features.Surveys;

/// <summary>The <c>surveys</c> section of a guild in community.json: the surveys members can take.</summary>
public sealed class SurveySettings
{
    /// <summary>A note for people editing the file; ignored by the bot.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    public List<SurveyDefinition> Definitions { get; init; } = [];

    public SurveyDefinition? Find(string id) => Definitions.FirstOrDefault(d => d.Id == id);
}

public sealed class SurveyDefinition
{
    /// <summary>Stable id used in buttons and commands: lowercase letters, digits and dashes, up to 32.</summary>
    public string Id { get; init; } = "";
    /// <summary>Shown on the post and as the form title (a modal title holds 45 characters).</summary>
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    /// <summary>Results and exports never show who answered.</summary>
    public bool Anonymous { get; init; }
    /// <summary>Stop accepting answers (results stay available).</summary>
    public bool Closed { get; init; }
    /// <summary>One form per page; a form holds at most 5 questions.</summary>
    public List<SurveyPage> Pages { get; init; } = [];

    public IEnumerable<SurveyQuestion> Questions => Pages.SelectMany(p => p.Questions);
}

public sealed class SurveyPage
{
    public List<SurveyQuestion> Questions { get; init; } = [];
}

public sealed class SurveyQuestion
{
    /// <summary>Stable id (the CSV column): lowercase letters, digits, dashes and underscores, up to 40.</summary>
    public string Id { get; init; } = "";
    /// <summary>The question (a form label holds 45 characters; use <see cref="Description"/> for more).</summary>
    public string Label { get; init; } = "";
    /// <summary>Up to 100 characters under the label.</summary>
    public string? Description { get; init; }
    public string? Placeholder { get; init; }
    /// <summary>A multi-line answer instead of one line.</summary>
    public bool Paragraph { get; init; }
    public bool Required { get; init; } = true;
    public int MaxLength { get; init; } = 1000;
}
