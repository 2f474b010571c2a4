import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkPattern, IdPatterns } from './validation';

/** A WorkSpaces bundle: the image, compute type and default volume sizes of a WorkSpace. */
export interface IBundle extends IResource {
  /**
   * The bundle id (`wsb-…`).
   *
   * @attribute
   */
  readonly bundleId: string;
}

/**
 * A WorkSpaces bundle.
 *
 * Use `Bundle.fromBundleId` for an Amazon-provided bundle or a custom bundle made elsewhere
 * (list them with `aws workspaces describe-workspace-bundles --owner AMAZON`).
 *
 * @example
 * const bundle = Bundle.fromBundleId(this, 'Bundle', 'wsb-0123456789');
 */
export abstract class Bundle extends Resource implements IBundle {
  /**
   * An existing bundle, by id.
   *
   * @param bundleId the bundle id, `wsb-` followed by 8 to 63 lowercase letters or digits
   */
  public static fromBundleId(scope: Construct, id: string, bundleId: string): IBundle {
    class Import extends Resource implements IBundle {
      public readonly bundleId = bundleId;
    }
    const imported = new Import(scope, id);
    checkPattern(imported, 'bundleId', bundleId, IdPatterns.BUNDLE);
    return imported;
  }

  /** The bundle id (`wsb-…`). */
  public abstract readonly bundleId: string;
}
