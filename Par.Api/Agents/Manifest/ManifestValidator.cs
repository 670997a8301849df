using System.Text.RegularExpressions;
using FluentValidation;
using Par.Api.Packages;

namespace Par.Api.Agents.Manifest;

/// <summary>A manifest together with the unpacked package it describes, so files it names can be checked.</summary>
internal sealed record ManifestInPackage(AgentManifest Manifest, string PackageDirectory);

/// <summary>
/// The manifest rules of SPEC §4. Every message starts with the field it is about; all failures are collected so a
/// package author sees every problem at once.
/// </summary>
internal sealed partial class ManifestValidator : AbstractValidator<ManifestInPackage>
{
    public ManifestValidator()
    {
        RuleFor(p => p.Manifest.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("name is required")
            .Matches(NamePattern()).WithMessage((_, name) => $"name '{name}' must start with a lowercase letter and hold only lowercase letters, digits and '-'")
            .OverridePropertyName("name");
        RuleFor(p => p.Manifest.Version)
            .NotEmpty().WithMessage("version is required (metadata.version is used when version is missing)")
            .OverridePropertyName("version");
        RuleFor(p => p.Manifest.A2a!.Service)
            .NotEmpty().WithMessage("a2a.service (or a2a.entry, a2a.http_server) is required when a2a is present")
            .When(p => p.Manifest.A2a is not null)
            .OverridePropertyName("a2a.service");
        RuleFor(p => p.Manifest.Rest)
            .Must(rest => !string.IsNullOrEmpty(rest!.Entry) || !string.IsNullOrEmpty(rest.Asgi))
            .WithMessage("rest.entry (or rest.asgi) is required when rest is present")
            .When(p => p.Manifest.Rest is not null)
            .OverridePropertyName("rest.entry");
        RuleFor(p => p.Manifest.Ui!.Path)
            .NotEmpty().WithMessage("ui.path is required when ui is present")
            .When(p => p.Manifest.Ui is not null)
            .OverridePropertyName("ui.path");
        RuleFor(p => p).Custom((package, context) =>
        {
            if (UiFolderOutsidePackage(package) is { } outside)
            {
                context.AddFailure("ui.path", outside);
            }

            foreach (var (field, message) in PackageFiles.Problems(package).Concat(SkillMetadata.Problems(package.Manifest)))
            {
                context.AddFailure(field, message);
            }
        });
    }

    /// <summary>
    /// A directory package is used in place and may hold links: the UI folder (as declared, or where pixell-kit's
    /// builder moves it under dist/) must really be inside the package, or /ui would serve whatever it links to.
    /// </summary>
    private static string? UiFolderOutsidePackage(ManifestInPackage package)
    {
        if (package.Manifest.Ui?.Path is not { Length: > 0 } uiPath || Path.IsPathRooted(uiPath) || uiPath.Replace('\\', '/').Split('/').Contains(".."))
        {
            return null;
        }

        if (PackageFiles.UiFolder(package.PackageDirectory, uiPath) is not { } candidate)
        {
            return null;
        }

        var real = RealPath.Of(Path.Combine(package.PackageDirectory, candidate));
        return RealPath.IsInside(real, RealPath.Of(package.PackageDirectory))
            ? null
            : $"ui.path: folder '{candidate}' resolves through a symbolic link to {real}, outside the package";
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();
}
