// Self-test of the harness's untrusted mode: suites in folders named *untrusted run with workspace trust
// enabled, so the fixture folder opens in Restricted Mode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ui } from '../support/ui';

describe('integration harness (untrusted workspace)', () => {
  it('opens the workspace in Restricted Mode and still runs extensions that support it', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace should not be trusted in this suite');
    const probe = vscode.extensions.getExtension('model-router-test.probe-extension');
    assert.ok(probe, 'the probe extension (untrustedWorkspaces: supported) should still be loaded');
    await probe.activate();
    const result = await vscode.commands.executeCommand<{ trusted: boolean }>('probe.ping');
    assert.equal(result.trusted, false);
    await ui.screenshot('probe-untrusted');
  });
});
