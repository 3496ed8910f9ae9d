using System.Net.Http.Headers;
using CommunityBot.Discord.Models;

namespace CommunityBot.Discord.Rest;

/// <summary>
/// A request body serialised once and turned into fresh <see cref="HttpContent"/> per attempt, so a
/// retry re-sends exactly the same bytes (and so the same nonce).
/// </summary>
internal abstract class RequestBody
{
    public abstract HttpContent CreateContent();

    public static RequestBody Json(byte[] utf8) => new JsonBody(utf8);

    /// <summary>REF § Uploading Files: <c>payload_json</c> plus one <c>files[n]</c> part per upload.</summary>
    public static RequestBody Multipart(byte[] payloadJson, IReadOnlyList<FileUpload> files) => new MultipartBody(payloadJson, files);

    private sealed class JsonBody(byte[] utf8) : RequestBody
    {
        public override HttpContent CreateContent()
        {
            var content = new ByteArrayContent(utf8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }

    private sealed class MultipartBody(byte[] payloadJson, IReadOnlyList<FileUpload> files) : RequestBody
    {
        public override HttpContent CreateContent()
        {
            var form = new MultipartFormDataContent();
            var payload = new ByteArrayContent(payloadJson);
            payload.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(payload, "payload_json");
            for (var i = 0; i < files.Count; i++)
            {
                var file = new ReadOnlyMemoryContent(files[i].Content);
                file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
                form.Add(file, $"files[{i}]", files[i].FileName);
            }
            return form;
        }
    }
}
