using CommunityBot.Hosting;

return await CommandLine.RunAsync(args);
