using Sandbox.Core.Harness;

namespace Sandbox.Core.Tests.Harness;

public sealed class TemplateCatalogTests : IDisposable
{
    private readonly DirectoryInfo _userFolder = Directory.CreateTempSubdirectory("sandbox-templates-");

    public void Dispose() => _userFolder.Delete(recursive: true);

    [Fact]
    public void The_bundled_templates_are_available()
    {
        var catalog = TemplateCatalog.Load([TemplateCatalog.BundledFolder]);

        Assert.Equal(["bash-script", "node-handler", "python-handler", "python-script"], catalog.Templates.Select(t => t.Name));
        Assert.Empty(catalog.Errors);
        var python = catalog.Get("python-handler");
        Assert.Equal("python", python.Language);
        Assert.Equal("handler.py", python.CodeFile);
        Assert.Equal(["output.json"], python.Produces);
    }

    [Fact]
    public void A_user_template_with_the_same_name_replaces_the_bundled_one()
    {
        WriteTemplate("python-handler", """{ "language": "python", "codeFile": "main.py", "entryFile": "run.py", "command": ["python3", "run.py"], "files": { "run.py": "run.py.sbn" } }""");

        var catalog = TemplateCatalog.Load([_userFolder.FullName, TemplateCatalog.BundledFolder]);

        Assert.Equal("main.py", catalog.Get("python-handler").CodeFile);
        Assert.Equal(4, catalog.Templates.Count);
    }

    [Fact]
    public void A_broken_template_is_reported_by_name_without_hiding_the_others()
    {
        WriteTemplate("broken", """{ "language": "python", "codeFile": "../escape.py", "entryFile": "run.py", "command": ["x"], "files": { "run.py": "run.py.sbn" } }""");

        var catalog = TemplateCatalog.Load([_userFolder.FullName, TemplateCatalog.BundledFolder]);

        var error = Assert.Throws<TemplateException>(() => catalog.Get("broken"));
        Assert.Contains("codeFile", error.Message);
        Assert.Contains("plain file name", error.Message);
        Assert.Contains("template.json", error.File);
        Assert.NotNull(catalog.Get("python-script"));
    }

    [Fact]
    public void An_unknown_template_lists_the_available_ones()
    {
        var catalog = TemplateCatalog.Load([TemplateCatalog.BundledFolder]);

        var error = Assert.Throws<TemplateException>(() => catalog.Get("ruby-handler"));

        Assert.Contains("python-handler", error.Message);
    }

    private void WriteTemplate(string name, string json)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_userFolder.FullName, name));
        File.WriteAllText(Path.Combine(folder.FullName, "template.json"), json);
        File.WriteAllText(Path.Combine(folder.FullName, "run.py.sbn"), "print({{ code_file | json }})");
    }
}
