using System.Text.RegularExpressions;
using CommunityBot.Sandbox;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityBot.Sandbox.Tests;

/// <summary>
/// A fresh sandbox (own temp data directory, any free port) per test, seen through Debian's Chromium. Each
/// <see cref="StepAsync"/> saves a screenshot under tests/artifacts/sandbox/&lt;test&gt;/ for a person to look at.
/// </summary>
public abstract class SandboxBrowserTest
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    private DirectoryInfo? _data;
    private int _step;

    protected SandboxRuntime Runtime { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Ignore($"{ChromiumPath} is missing: install Debian's chromium package (.ci/run does it with apt). Browser tests never download a browser.");
        // Playwright must use the system Chromium and never fetch one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        SetDefaultExpectTimeout(20_000);
    }

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    [SetUp]
    public async Task StartSandbox()
    {
        _step = 0;
        _data = Directory.CreateTempSubdirectory("communitybot-sandbox-test-");
        Runtime = await SandboxRuntime.StartAsync(new SandboxOptions { Port = 0, DataDirectory = _data.FullName });
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        _context.SetDefaultTimeout(20_000);
        Page = await _context.NewPageAsync();
        await Page.GotoAsync(Runtime.PageUrl);
        await Expect(Page.GetByTestId("config-status")).ToContainTextAsync("version");
    }

    [TearDown]
    public async Task StopSandbox()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && _context is not null)
            await StepAsync("failed");
        if (_context is not null) await _context.DisposeAsync();
        if (Runtime is not null) await Runtime.DisposeAsync();
        try { _data?.Delete(recursive: true); } catch (IOException) { }
    }

    /// <summary>Saves a full-page screenshot named after the step.</summary>
    protected async Task StepAsync(string name)
    {
        var directory = Path.Combine(RepoRoot(), "tests", "artifacts", "sandbox", TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{++_step:00}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, name);
    }

    protected void RequireCommand(string command, string feature, int issue)
    {
        if (!Runtime.StandIn.RegisteredCommands(Runtime.Community.GuildId).Any(c => c.Name == command))
            Assert.Ignore($"/{command} is not registered: the {feature} feature (issue {issue}) is not on main yet, so this scenario cannot run.");
    }

    // ---- acting on the page the way a person would ----

    protected async Task ActAsAsync(string persona)
    {
        await Page.GetByTestId("persona").SelectOptionAsync(persona);
        await Expect(Page.Locator($"[data-person='{persona}']")).ToHaveClassAsync(new Regex(@"\bactive\b"));
    }

    protected async Task OpenChannelAsync(string channel)
    {
        await Page.Locator($"[data-channel='{channel}']").ClickAsync();
        await Expect(Page.GetByTestId("channel-title")).ToHaveTextAsync("# " + channel);
    }

    protected ILocator Messages => Page.GetByTestId("messages").GetByTestId("message");

    protected ILocator MessageContaining(string text) => Messages.Filter(new LocatorFilterOptions { HasText = text });

    protected async Task PostAsync(string text)
    {
        await Page.GetByTestId("composer").FillAsync(text);
        await Page.GetByTestId("composer").PressAsync("Enter");
        await Expect(Page.GetByTestId("composer")).ToHaveValueAsync("");
    }

    /// <summary>Types /command, opens its form and picks the subcommand (if any).</summary>
    protected async Task OpenCommandAsync(string command, string? subcommand = null)
    {
        await Page.GetByTestId("composer").FillAsync("/" + command);
        await Expect(Page.GetByTestId("command-suggestions").Locator($"[data-command='{command}']")).ToBeVisibleAsync();
        await Page.GetByTestId("composer").PressAsync("Enter");
        await Expect(Page.GetByTestId("command-form")).ToBeVisibleAsync();
        if (subcommand is not null)
        {
            var select = Page.GetByTestId("subcommand");
            var value = await select.Locator("option").Filter(new LocatorFilterOptions { HasTextRegex = new Regex("^" + Regex.Escape(subcommand) + @"\b") }).First.GetAttributeAsync("value");
            await select.SelectOptionAsync(value!);
            await Expect(Page.GetByTestId("run-command")).ToContainTextAsync(subcommand);
        }
    }

    protected ILocator Option(string name) => Page.GetByTestId("command-form").Locator($"[data-option='{name}']");

    protected async Task RunCommandAsync()
    {
        await Page.GetByTestId("run-command").ClickAsync();
        await Expect(Page.GetByTestId("command-form")).ToBeHiddenAsync();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CommunityBot.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
