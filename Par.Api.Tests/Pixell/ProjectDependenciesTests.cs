using Par.Api.Agents.Runtimes.Python;
using Par.Api.Tests.Infrastructure;

namespace Par.Api.Tests.Pixell;

/// <summary>
/// The rule that sends a package with a builder-generated setup.py/pyproject.toml declaring nothing down the fast
/// path (no pip), and keeps every other project file on pip (docs/python-agents.md, "Dependencies").
/// </summary>
public sealed class ProjectDependenciesTests
{
    public static TheoryData<string, bool> SetupPys => new()
    {
        { PixellSdkBuild.SetupPy(new PixellProject { Name = "a", Files = new Dictionary<string, string>() }, ["src", "src.a2a"]), true },
        { "from setuptools import setup\nsetup(name='a', packages=['src'])\n", true },
        { "from setuptools import setup\nsetup(name='a', install_requires=[\n])\n", true },
        { "from setuptools import setup\nsetup(name='a', install_requires=['redis>=5'])\n", false },
        { "from setuptools import setup\nsetup(name='a', install_requires=read_requirements())\n", false },
        { "from setuptools import setup\nREQS = []\nsetup(name='a', install_requires=REQS)\n", false },
        { "from setuptools import setup, Extension\nsetup(name='a', ext_modules=[Extension('fast', ['fast.c'])])\n", false },
        { "from setuptools import setup\nsetup(name='a', setup_requires=['cython'])\n", false },
        { "from setuptools import setup\nsetup(name='a', cmdclass={'build_py': Custom})\n", false },
    };

    public static TheoryData<string, bool> Pyprojects => new()
    {
        { "[project]\nname = \"a\"\nversion = \"0.1.0\"\ndependencies = []\n", true },
        { "[project]\nname = \"a\"\ndependencies = [\n  # none yet\n]\n", true },
        { "[project]\nname = \"a\"\n\n[tool.black]\nline-length = 100\n", true },
        { "[tool.ruff]\nline-length = 100\n", true },
        { "[project]\nname = \"a\"\ndependencies = [\"redis>=5\"]\n", false },
        { "[project]\nname = \"a\"\ndependencies = [\n  \"redis>=5\",\n]\n", false },
        { "[project]\nname = \"a\"\ndynamic = [\"version\", \"dependencies\"]\n", false },
        { "[tool.poetry]\nname = \"a\"\n\n[tool.poetry.dependencies]\npython = \"^3.9\"\n", false },
    };

    [Theory]
    [MemberData(nameof(SetupPys))]
    public void SetupPy_DeclaresNone_OnlyForAnEmptyOrAbsentInstallRequiresWithoutBuildSteps(string setupPy, bool none) =>
        Assert.Equal(none, ProjectDependencies.SetupPyDeclaresNone(setupPy));

    [Theory]
    [MemberData(nameof(Pyprojects))]
    public void Pyproject_DeclaresNone_OnlyForEmptyOrAbsentProjectDependencies(string pyproject, bool none) =>
        Assert.Equal(none, ProjectDependencies.PyprojectDeclaresNone(pyproject));

    [Fact]
    public void Find_SdkBuildWithoutDependencies_FastPath()
    {
        using var dir = new TempDirectory("pixell-deps");
        dir.Write("pkg/setup.py", PixellSdkBuild.SetupPy(new PixellProject { Name = "a", Files = new Dictionary<string, string>() }, ["src"]));
        dir.Write("pkg/requirements.txt", "# nothing\n");

        var found = Dependencies.Find(dir.Combine("pkg"));

        Assert.Equal(DependencyKind.None, found.Kind);
        Assert.True(found.ProjectWithoutDependencies);
    }

    [Fact]
    public void Find_SetupPyWithoutDependenciesButPyprojectWithSome_InstallsTheProject()
    {
        using var dir = new TempDirectory("pixell-deps");
        dir.Write("pkg/setup.py", "from setuptools import setup\nsetup(name='a', install_requires=[])\n");
        dir.Write("pkg/pyproject.toml", "[project]\nname = \"a\"\ndependencies = [\"redis\"]\n");

        var found = Dependencies.Find(dir.Combine("pkg"));

        Assert.Equal(DependencyKind.Project, found.Kind);
        Assert.False(found.ProjectWithoutDependencies);
    }
}
