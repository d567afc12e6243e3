/** Tagging of domains, repositories and package groups, addressed by ARN. */
import { Arn, TagKeyList, TagList } from '../common-shapes';
import { defineOperation, errorsExcept } from '../operation-model';
import { inQuery, required } from '../shape-dsl';

const resourceArnQuery = required(inQuery('resourceArn', Arn));

export const ListTagsForResource = defineOperation('ListTagsForResource', {
  method: 'POST',
  path: '/v1/tags',
  input: { resourceArn: resourceArnQuery },
  output: { tags: TagList },
  errors: errorsExcept('ConflictException', 'InternalServerException', 'ServiceQuotaExceededException'),
});

export const TagResource = defineOperation('TagResource', {
  method: 'POST',
  path: '/v1/tag',
  input: { resourceArn: resourceArnQuery, tags: required(TagList) },
  output: {},
  errors: errorsExcept('ConflictException', 'InternalServerException'),
});

export const UntagResource = defineOperation('UntagResource', {
  method: 'POST',
  path: '/v1/untag',
  // Tag keys travel in the JSON body, not as repeated query parameters.
  input: { resourceArn: resourceArnQuery, tagKeys: required(TagKeyList) },
  output: {},
  errors: errorsExcept('ConflictException', 'InternalServerException', 'ServiceQuotaExceededException'),
});
