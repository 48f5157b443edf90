// Compiled into Sandbox.Abstractions and linked as source into Sandbox.Analyzers (netstandard2.0):
// keep this file free of newer-framework APIs and records. There it is internal (SANDBOX_RULES_INTERNAL), so that
// projects referencing both assemblies see one public catalog.
namespace Sandbox.Abstractions.Rules
{
    /// <summary>
    /// One rule of the SBX catalog. The same id is used by the Roslyn analyzers, the MSBuild task's warnings and
    /// <c>sandbox validate-config</c>, so one suppression policy (<c>NoWarn</c>, <c>TreatWarningsAsErrors</c>) covers all three.
    /// </summary>
#if SANDBOX_RULES_INTERNAL
    internal
#else
    public
#endif
    sealed class SandboxRule
    {
        /// <summary>Creates a rule.</summary>
        public SandboxRule(string id, string title, string messageFormat, string category, string description)
            : this(id, title, messageFormat, category, description, informational: false)
        {
        }

        /// <summary>Creates a rule that is informational (<paramref name="informational"/>) instead of a warning.</summary>
        public SandboxRule(string id, string title, string messageFormat, string category, string description, bool informational)
        {
            IsInformational = informational;
            Id = id;
            Title = title;
            MessageFormat = messageFormat;
            Category = category;
            Description = description;
        }

        /// <summary>Stable id, e.g. <c>SBX0001</c>.</summary>
        public string Id { get; }

        /// <summary>Short title.</summary>
        public string Title { get; }

        /// <summary>Message; <c>{0}</c> is where the setting was found (a member, a JSON key, a task parameter).</summary>
        public string MessageFormat { get; }

        /// <summary><c>Security</c> for sandbox settings, <c>Reliability</c> for plugin-author rules.</summary>
        public string Category { get; }

        /// <summary>Why the setting is dangerous.</summary>
        public string Description { get; }

        /// <summary>
        /// Whether the rule records a deliberate, narrow opening (e.g. an egress allow-list) rather than warning about it:
        /// analyzers report it as Info, <c>validate-config</c> and the MSBuild task as a message that never fails a build.
        /// </summary>
        public bool IsInformational { get; }

        /// <summary>The rule's documentation page.</summary>
        public string HelpUri => SandboxRules.GetHelpUri(Id);

        /// <summary>The message with its placeholder filled in.</summary>
        public string Format(string where) => string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, where);
    }
}
