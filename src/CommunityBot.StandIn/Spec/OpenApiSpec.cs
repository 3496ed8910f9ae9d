using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CommunityBot.StandIn.Rest;
using NJsonSchema;
using NJsonSchema.Validation;

namespace CommunityBot.StandIn.Spec;

/// <summary>
/// Discord's OpenAPI 3.1 description turned into a request checker: method + path template must name an operation,
/// query keys must be declared, and JSON bodies must satisfy the operation's requestBody schema. NJsonSchema speaks
/// JSON Schema draft 4, so the schemas are moved under <c>definitions</c>, refs rewritten, and <c>const</c> (used by
/// every enum in the file) turned into a one-value <c>enum</c>; type arrays such as ["string","null"] it reads as is.
/// The whole document is compiled once per spec file and shared by every stand-in in the process.
/// </summary>
internal sealed class OpenApiSpec
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<OpenApiSpec>>> Cache = new();
    private readonly RouteTable<Operation> _operations = new();
    private readonly JsonSchema _root;

    private sealed record Operation(string Id, string? BodyDefinition, bool BodyRequired, HashSet<string> QueryParameters, bool AuthOptional);

    private OpenApiSpec(JsonObject document)
    {
        var definitions = new JsonObject();
        if (document["components"]?["schemas"] is JsonObject schemas)
            foreach (var (name, schema) in schemas) definitions[name] = Rewrite(schema);
        SpecAmendments.Apply(definitions);

        foreach (var (template, item) in (JsonObject)document["paths"]!)
        {
            if (item is not JsonObject pathItem) continue;
            var shared = QueryNames(pathItem["parameters"]);
            foreach (var (method, op) in pathItem)
            {
                if (op is not JsonObject operation || method is "parameters" or "summary" or "description" or "servers") continue;
                var id = Json.String(operation["operationId"]) ?? $"{method} {template}";
                string? bodyKey = null;
                var content = operation["requestBody"]?["content"] as JsonObject;
                var bodySchema = content?["application/json"]?["schema"] ?? content?["multipart/form-data"]?["schema"];
                if (bodySchema is not null)
                {
                    bodyKey = "__operation_" + id;
                    definitions[bodyKey] = Rewrite(bodySchema);
                }
                var query = new HashSet<string>(shared, StringComparer.Ordinal);
                query.UnionWith(QueryNames(operation["parameters"]));
                var authOptional = operation["security"] is JsonArray security && security.Any(s => s is JsonObject { Count: 0 });
                _operations.Add(method, template, new Operation(id, bodyKey, Json.Bool(operation["requestBody"]?["required"]) ?? false, query, authOptional));
            }
        }
        var root = new JsonObject { ["definitions"] = definitions };
        _root = JsonSchema.FromJsonAsync(root.ToJsonString()).GetAwaiter().GetResult();
    }

    public static Task<OpenApiSpec> LoadAsync(string path) =>
        Cache.GetOrAdd(Path.GetFullPath(path), full => new Lazy<Task<OpenApiSpec>>(() => Task.Run(() =>
        {
            using var stream = File.OpenRead(full);
            return new OpenApiSpec((JsonObject)JsonNode.Parse(stream)!);
        }))).Value;

    /// <summary>Problems with one request, each a readable line; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string path, IEnumerable<string> queryKeys, string? jsonBody)
    {
        var problems = new List<string>();
        if (!_operations.TryMatch(method, path, out var match))
        {
            problems.Add($"{method} {path}: no operation in openapi.json matches this method and path");
            return problems;
        }
        var op = match.Value;
        var label = $"{method} {match.Template} ({op.Id})";
        foreach (var key in queryKeys)
            if (!op.QueryParameters.Contains(key)) problems.Add($"{label}: query parameter '{key}' is not declared");
        if (op.BodyDefinition is null)
        {
            if (!string.IsNullOrEmpty(jsonBody)) problems.Add($"{label}: sent a body but the operation takes none");
            return problems;
        }
        if (string.IsNullOrEmpty(jsonBody))
        {
            if (op.BodyRequired) problems.Add($"{label}: the request body is required");
            return problems;
        }
        ICollection<ValidationError> errors;
        try
        {
            errors = _root.Definitions[op.BodyDefinition].Validate(jsonBody);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or FormatException)
        {
            problems.Add($"{label}: body is not valid JSON ({e.Message})");
            return problems;
        }
        foreach (var error in errors) problems.Add($"{label}: {Describe(error)}");
        return problems;
    }

    public bool IsAuthOptional(string method, string path) =>
        _operations.TryMatch(method, path, out var match) && match.Value.AuthOptional;

    private static string Describe(ValidationError error)
    {
        var text = $"{error.Kind} at {(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}";
        if (error is ChildSchemaValidationError child)
        {
            // For oneOf failures the useful part is why the closest branch failed: show the smallest non-empty set.
            var best = child.Errors.Values.Where(v => v.Count > 0).OrderBy(v => v.Count).FirstOrDefault();
            if (best is not null) text += " (" + string.Join("; ", best.Select(Describe)) + ")";
        }
        return text;
    }

    private static IEnumerable<string> QueryNames(JsonNode? parameters) =>
        parameters is JsonArray list
            ? list.OfType<JsonObject>().Where(p => Json.String(p["in"]) == "query").Select(p => Json.String(p["name"])).OfType<string>()
            : [];

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && Json.String(value) is { } target)
                        result["$ref"] = target.Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                    else if (key == "const") result["enum"] = new JsonArray(value?.DeepClone());
                    else if (key is "contentEncoding" or "contentMediaType") continue;
                    else result[key] = Rewrite(value);
                }
                return result;
            }
            case JsonArray array:
                return new JsonArray(array.Select(Rewrite).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
