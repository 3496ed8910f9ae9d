using System.Text.Json.Nodes;

namespace CommunityBot.StandIn.Spec;

/// <summary>
/// Where Discord's written docs and its OpenAPI file disagree and Discord accepts both, the checker accepts both too.
/// Each amendment names the doc that backs it; everything else is checked exactly as the spec says.
/// </summary>
internal static class SpecAmendments
{
    /// <summary>
    /// AC § Application Command Permissions Object: <c>default_member_permissions</c> is "a bitwise OR-ed set of
    /// permissions, serialized as a string"; the spec's request schemas say integer. Either form, digits only.
    /// </summary>
    private static readonly string[] PermissionStringRequests =
        ["ApplicationCommandCreateRequest", "ApplicationCommandUpdateRequest", "ApplicationCommandPatchRequestPartial"];

    public static void Apply(JsonObject definitions)
    {
        foreach (var name in PermissionStringRequests)
        {
            if (definitions[name]?["properties"] is not JsonObject properties || properties["default_member_permissions"] is null) continue;
            properties["default_member_permissions"] = new JsonObject
            {
                ["type"] = new JsonArray("integer", "string", "null"),
                ["minimum"] = 0,
                ["pattern"] = "^[0-9]{1,20}$",
            };
        }
    }
}
