using CommunityBot.Features.Faq;
using CommunityBot.Hosting;

FaqExportVerb.Register(CommandLine.Verbs);
return await CommandLine.RunAsync(args);
