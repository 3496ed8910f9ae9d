using CommunityBot.Discord.Gateway;

namespace CommunityBot.Hosting;

/// <summary>
/// The bot's own user and application ids, learned from READY (never parsed out of the token).
/// <see cref="WhenReady"/> lets start-up work wait for them.
/// </summary>
public sealed class BotIdentity
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ulong UserId { get; private set; }
    public ulong ApplicationId { get; private set; }
    public Task WhenReady => _ready.Task;

    internal void Set(ulong userId, ulong applicationId)
    {
        UserId = userId;
        ApplicationId = applicationId;
        _ready.TrySetResult();
    }

    internal sealed class OnReady(BotIdentity identity) : IEventHandler<ReadyEvent>
    {
        public Task HandleAsync(ReadyEvent evt, CancellationToken ct)
        {
            identity.Set(evt.User.Id, evt.Application?.Id ?? evt.User.Id);
            return Task.CompletedTask;
        }
    }
}
