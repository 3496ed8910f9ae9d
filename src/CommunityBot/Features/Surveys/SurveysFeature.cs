using CommunityBot.Configuration;
using CommunityBot.Interactions;
using CommunityBot.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityBot.Features.Surveys;

public static class SurveysFeature
{
    public static IServiceCollection AddSurveys(this IServiceCollection services) =>
        services
            .AddConfigSection<SurveySettings>("surveys", SurveyLimits.Validate)
            .AddSingleton(new MigrationSource("surveys", typeof(SurveysFeature)))
            .AddScoped<SurveyRepository>()
            .AddApplicationCommand<SurveyCommand>()
            .AddComponentHandler<SurveyComponents>();
}
