# Generated from unioncheck_rules/contract/branch-v1.schema.json by `python -m unioncheck_rules.contract` (fastjsonschema 2.22.3). Do not edit:
# change the schema and run the command again.
# schema sha256: f4cab8a5392131ceed9434faaabef44ce92a69bae22db59c6a224a71fa79be68
VERSION = '2.22.3'
from decimal import Decimal
import re

class JsonSchemaValueException(ValueError):
    """The value does not match the schema."""

    def __init__(self, message='invalid', value=None, name=None, definition=None, rule=None):
        super().__init__(message)
        self.message, self.value, self.name, self.definition, self.rule = (message, value, name, definition, rule)

class JsonSchemaValuesException(JsonSchemaValueException):
    """Several values do not match the schema."""
REGEX_PATTERNS = {'^[A-Z0-9-]+$': re.compile('^[A-Z0-9-]+\\Z'), '^[a-z][a-z0-9_]*$': re.compile('^[a-z][a-z0-9_]*\\Z'), '^\\s*(?!(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)(?:-|\\s*$))\\d{4}(?:-(?:H[12]|Q[1-4]))?\\s*$': re.compile('^\\s*(?!(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)(?:-|\\s*\\Z))\\d{4}(?:-(?:H[12]|Q[1-4]))?\\s*\\Z'), '^\\S+$': re.compile('^\\S+\\Z'), '^(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$': re.compile('^(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}\\Z')}
NoneType = type(None)

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['schema_version', 'branch']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'schema_version' in data_keys:
            data_keys.remove('schema_version')
            data__schemaversion = data['schema_version']
            if not (isinstance(data__schemaversion, (int, float)) and (not isinstance(data__schemaversion, bool)) and (data__schemaversion == 1)):
                raise JsonSchemaValueException
        if 'branch' in data_keys:
            data_keys.remove('branch')
            data__branch = data['branch']
            if not isinstance(data__branch, dict):
                raise JsonSchemaValueException
            data__branch_is_dict = isinstance(data__branch, dict)
            if data__branch_is_dict:
                data__branch__missing_keys = set(['code', 'name', 'unit', 'unit_type', 'staff_count', 'data_as_of']) - data__branch.keys()
                if data__branch__missing_keys:
                    raise JsonSchemaValueException
                data__branch_keys = set(data__branch.keys())
                if 'code' in data__branch_keys:
                    data__branch_keys.remove('code')
                    data__branch__code = data__branch['code']
                    if not isinstance(data__branch__code, str):
                        raise JsonSchemaValueException
                    if isinstance(data__branch__code, str):
                        if not REGEX_PATTERNS['^[A-Z0-9-]+$'].search(data__branch__code):
                            raise JsonSchemaValueException
                if 'name' in data__branch_keys:
                    data__branch_keys.remove('name')
                    data__branch__name = data__branch['name']
                    if not isinstance(data__branch__name, str):
                        raise JsonSchemaValueException
                    if isinstance(data__branch__name, str):
                        data__branch__name_len = len(data__branch__name)
                        if data__branch__name_len < 1:
                            raise JsonSchemaValueException
                if 'unit' in data__branch_keys:
                    data__branch_keys.remove('unit')
                    data__branch__unit = data__branch['unit']
                    if not isinstance(data__branch__unit, str):
                        raise JsonSchemaValueException
                    if isinstance(data__branch__unit, str):
                        data__branch__unit_len = len(data__branch__unit)
                        if data__branch__unit_len < 1:
                            raise JsonSchemaValueException
                if 'unit_type' in data__branch_keys:
                    data__branch_keys.remove('unit_type')
                    data__branch__unittype = data__branch['unit_type']
                    if not (isinstance(data__branch__unittype, str) and data__branch__unittype == 'hospital' or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'tcm_hospital') or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'maternal_child') or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'township_health_center') or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'cdc') or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'health_supervision') or (isinstance(data__branch__unittype, str) and data__branch__unittype == 'other')):
                        raise JsonSchemaValueException
                if 'established_on' in data__branch_keys:
                    data__branch_keys.remove('established_on')
                    data__branch__establishedon = data__branch['established_on']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__branch__establishedon, custom_formats, None)
                if 'staff_count' in data__branch_keys:
                    data__branch_keys.remove('staff_count')
                    data__branch__staffcount = data__branch['staff_count']
                    if not isinstance(data__branch__staffcount, int) and (not (isinstance(data__branch__staffcount, float) and data__branch__staffcount.is_integer())) or isinstance(data__branch__staffcount, bool):
                        raise JsonSchemaValueException
                    if isinstance(data__branch__staffcount, (int, float, Decimal)) and (not isinstance(data__branch__staffcount, bool)):
                        if data__branch__staffcount < 0:
                            raise JsonSchemaValueException
                        if data__branch__staffcount > 1000000:
                            raise JsonSchemaValueException
                if 'member_count' in data__branch_keys:
                    data__branch_keys.remove('member_count')
                    data__branch__membercount = data__branch['member_count']
                    if not isinstance(data__branch__membercount, int) and (not (isinstance(data__branch__membercount, float) and data__branch__membercount.is_integer())) or isinstance(data__branch__membercount, bool):
                        raise JsonSchemaValueException
                    if isinstance(data__branch__membercount, (int, float, Decimal)) and (not isinstance(data__branch__membercount, bool)):
                        if data__branch__membercount < 0:
                            raise JsonSchemaValueException
                        if data__branch__membercount > 1000000:
                            raise JsonSchemaValueException
                if 'chair' in data__branch_keys:
                    data__branch_keys.remove('chair')
                    data__branch__chair = data__branch['chair']
                    if not isinstance(data__branch__chair, str):
                        raise JsonSchemaValueException
                if 'data_as_of' in data__branch_keys:
                    data__branch_keys.remove('data_as_of')
                    data__branch__dataasof = data__branch['data_as_of']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__branch__dataasof, custom_formats, None)
                if data__branch_keys:
                    raise JsonSchemaValueException
        if 'congresses' in data_keys:
            data_keys.remove('congresses')
            data__congresses = data['congresses']
            if not isinstance(data__congresses, (list, tuple)):
                raise JsonSchemaValueException
            data__congresses_is_list = isinstance(data__congresses, (list, tuple))
            if data__congresses_is_list:
                data__congresses_len = len(data__congresses)
                for data__congresses_x, data__congresses_item in enumerate(data__congresses):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_congress(data__congresses_item, custom_formats, None)
        if 'member_assemblies' in data_keys:
            data_keys.remove('member_assemblies')
            data__memberassemblies = data['member_assemblies']
            if not isinstance(data__memberassemblies, (list, tuple)):
                raise JsonSchemaValueException
            data__memberassemblies_is_list = isinstance(data__memberassemblies, (list, tuple))
            if data__memberassemblies_is_list:
                data__memberassemblies_len = len(data__memberassemblies)
                for data__memberassemblies_x, data__memberassemblies_item in enumerate(data__memberassemblies):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_member_assembly(data__memberassemblies_item, custom_formats, None)
        if 'performance_pay_plans' in data_keys:
            data_keys.remove('performance_pay_plans')
            data__performancepayplans = data['performance_pay_plans']
            if not isinstance(data__performancepayplans, (list, tuple)):
                raise JsonSchemaValueException
            data__performancepayplans_is_list = isinstance(data__performancepayplans, (list, tuple))
            if data__performancepayplans_is_list:
                data__performancepayplans_len = len(data__performancepayplans)
                for data__performancepayplans_x, data__performancepayplans_item in enumerate(data__performancepayplans):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_plan(data__performancepayplans_item, custom_formats, None)
        if 'collective_contracts' in data_keys:
            data_keys.remove('collective_contracts')
            data__collectivecontracts = data['collective_contracts']
            if not isinstance(data__collectivecontracts, (list, tuple)):
                raise JsonSchemaValueException
            data__collectivecontracts_is_list = isinstance(data__collectivecontracts, (list, tuple))
            if data__collectivecontracts_is_list:
                data__collectivecontracts_len = len(data__collectivecontracts)
                for data__collectivecontracts_x, data__collectivecontracts_item in enumerate(data__collectivecontracts):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_collective_contract(data__collectivecontracts_item, custom_formats, None)
        if 'elections' in data_keys:
            data_keys.remove('elections')
            data__elections = data['elections']
            if not isinstance(data__elections, (list, tuple)):
                raise JsonSchemaValueException
            data__elections_is_list = isinstance(data__elections, (list, tuple))
            if data__elections_is_list:
                data__elections_len = len(data__elections)
                for data__elections_x, data__elections_item in enumerate(data__elections):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_election(data__elections_item, custom_formats, None)
        if 'trainings' in data_keys:
            data_keys.remove('trainings')
            data__trainings = data['trainings']
            if not isinstance(data__trainings, (list, tuple)):
                raise JsonSchemaValueException
            data__trainings_is_list = isinstance(data__trainings, (list, tuple))
            if data__trainings_is_list:
                data__trainings_len = len(data__trainings)
                for data__trainings_x, data__trainings_item in enumerate(data__trainings):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_training(data__trainings_item, custom_formats, None)
        if 'hardship' in data_keys:
            data_keys.remove('hardship')
            data__hardship = data['hardship']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_hardship(data__hardship, custom_formats, None)
        if 'postings' in data_keys:
            data_keys.remove('postings')
            data__postings = data['postings']
            if not isinstance(data__postings, (list, tuple)):
                raise JsonSchemaValueException
            data__postings_is_list = isinstance(data__postings, (list, tuple))
            if data__postings_is_list:
                data__postings_len = len(data__postings)
                for data__postings_x, data__postings_item in enumerate(data__postings):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_posting(data__postings_item, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_posting(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['category', 'covers', 'from']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'category' in data_keys:
            data_keys.remove('category')
            data__category = data['category']
            if not isinstance(data__category, str):
                raise JsonSchemaValueException
            if isinstance(data__category, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9_]*$'].search(data__category):
                    raise JsonSchemaValueException
        if 'covers' in data_keys:
            data_keys.remove('covers')
            data__covers = data['covers']
            if not isinstance(data__covers, (str, int)) and (not (isinstance(data__covers, float) and data__covers.is_integer())) or isinstance(data__covers, bool):
                raise JsonSchemaValueException
            try:
                if not isinstance(data__covers, str):
                    raise JsonSchemaValueException
                if isinstance(data__covers, str):
                    if not REGEX_PATTERNS['^\\s*(?!(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)(?:-|\\s*$))\\d{4}(?:-(?:H[12]|Q[1-4]))?\\s*$'].search(data__covers):
                        raise JsonSchemaValueException
            except (JsonSchemaValueException, JsonSchemaValuesException):
                pass
            else:
                raise JsonSchemaValueException
            if isinstance(data__covers, (int, float, Decimal)) and (not isinstance(data__covers, bool)):
                if data__covers < 1949:
                    raise JsonSchemaValueException
                if data__covers > 2200:
                    raise JsonSchemaValueException
        if 'from' in data_keys:
            data_keys.remove('from')
            data__from = data['from']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__from, custom_formats, None)
        if 'to' in data_keys:
            data_keys.remove('to')
            data__to = data['to']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__to, custom_formats, None)
        if 'where' in data_keys:
            data_keys.remove('where')
            data__where = data['where']
            if not isinstance(data__where, str):
                raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (list, tuple)):
        raise JsonSchemaValueException
    data_is_list = isinstance(data, (list, tuple))
    if data_is_list:
        data_len = len(data)
        for data_x, data_item in enumerate(data):
            if not isinstance(data_item, str):
                raise JsonSchemaValueException
            if isinstance(data_item, str):
                data_item_len = len(data_item)
                if data_item_len < 1:
                    raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_hardship(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data_keys = set(data.keys())
        if 'register_reviewed_on' in data_keys:
            data_keys.remove('register_reviewed_on')
            data__registerreviewedon = data['register_reviewed_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__registerreviewedon, custom_formats, None)
        if 'files' in data_keys:
            data_keys.remove('files')
            data__files = data['files']
            if not isinstance(data__files, (list, tuple)):
                raise JsonSchemaValueException
            data__files_is_list = isinstance(data__files, (list, tuple))
            if data__files_is_list:
                data__files_len = len(data__files)
                for data__files_x, data__files_item in enumerate(data__files):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_hardship_file(data__files_item, custom_formats, None)
        if 'assistance' in data_keys:
            data_keys.remove('assistance')
            data__assistance = data['assistance']
            if not isinstance(data__assistance, (list, tuple)):
                raise JsonSchemaValueException
            data__assistance_is_list = isinstance(data__assistance, (list, tuple))
            if data__assistance_is_list:
                data__assistance_len = len(data__assistance)
                for data__assistance_x, data__assistance_item in enumerate(data__assistance):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_assistance(data__assistance_item, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_assistance(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['file', 'date', 'program', 'amount']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'file' in data_keys:
            data_keys.remove('file')
            data__file = data['file']
            if not isinstance(data__file, str):
                raise JsonSchemaValueException
        if 'date' in data_keys:
            data_keys.remove('date')
            data__date = data['date']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__date, custom_formats, None)
        if 'program' in data_keys:
            data_keys.remove('program')
            data__program = data['program']
            if not isinstance(data__program, str):
                raise JsonSchemaValueException
            if isinstance(data__program, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9_]*$'].search(data__program):
                    raise JsonSchemaValueException
        if 'amount' in data_keys:
            data_keys.remove('amount')
            data__amount = data['amount']
            if not isinstance(data__amount, (int, float, Decimal)) or isinstance(data__amount, bool):
                raise JsonSchemaValueException
            if isinstance(data__amount, (int, float, Decimal)) and (not isinstance(data__amount, bool)):
                if data__amount < 0:
                    raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_hardship_file(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'name', 'id_number', 'category', 'household_size', 'opened_on', 'status']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'name' in data_keys:
            data_keys.remove('name')
            data__name = data['name']
            if not isinstance(data__name, str):
                raise JsonSchemaValueException
        if 'id_number' in data_keys:
            data_keys.remove('id_number')
            data__idnumber = data['id_number']
            if not isinstance(data__idnumber, str):
                raise JsonSchemaValueException
        if 'category' in data_keys:
            data_keys.remove('category')
            data__category = data['category']
            if not isinstance(data__category, str):
                raise JsonSchemaValueException
            if isinstance(data__category, str):
                if not REGEX_PATTERNS['^[a-z][a-z0-9_]*$'].search(data__category):
                    raise JsonSchemaValueException
        if 'household_size' in data_keys:
            data_keys.remove('household_size')
            data__householdsize = data['household_size']
            if not isinstance(data__householdsize, int) and (not (isinstance(data__householdsize, float) and data__householdsize.is_integer())) or isinstance(data__householdsize, bool):
                raise JsonSchemaValueException
            if isinstance(data__householdsize, (int, float, Decimal)) and (not isinstance(data__householdsize, bool)):
                if data__householdsize > 30:
                    raise JsonSchemaValueException
        if 'publicity' in data_keys:
            data_keys.remove('publicity')
            data__publicity = data['publicity']
            if not isinstance(data__publicity, dict):
                raise JsonSchemaValueException
            data__publicity_is_dict = isinstance(data__publicity, dict)
            if data__publicity_is_dict:
                data__publicity__missing_keys = set(['from', 'to']) - data__publicity.keys()
                if data__publicity__missing_keys:
                    raise JsonSchemaValueException
                data__publicity_keys = set(data__publicity.keys())
                if 'from' in data__publicity_keys:
                    data__publicity_keys.remove('from')
                    data__publicity__from = data__publicity['from']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__publicity__from, custom_formats, None)
                if 'to' in data__publicity_keys:
                    data__publicity_keys.remove('to')
                    data__publicity__to = data__publicity['to']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__publicity__to, custom_formats, None)
                if data__publicity_keys:
                    raise JsonSchemaValueException
        if 'opened_on' in data_keys:
            data_keys.remove('opened_on')
            data__openedon = data['opened_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__openedon, custom_formats, None)
        if 'reviews' in data_keys:
            data_keys.remove('reviews')
            data__reviews = data['reviews']
            if not isinstance(data__reviews, (list, tuple)):
                raise JsonSchemaValueException
            data__reviews_is_list = isinstance(data__reviews, (list, tuple))
            if data__reviews_is_list:
                data__reviews_len = len(data__reviews)
                for data__reviews_x, data__reviews_item in enumerate(data__reviews):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__reviews_item, custom_formats, None)
        if 'status' in data_keys:
            data_keys.remove('status')
            data__status = data['status']
            if not (isinstance(data__status, str) and data__status == 'active' or (isinstance(data__status, str) and data__status == 'exited')):
                raise JsonSchemaValueException
        if 'exited_on' in data_keys:
            data_keys.remove('exited_on')
            data__exitedon = data['exited_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__exitedon, custom_formats, None)
        if 'exit_reason' in data_keys:
            data_keys.remove('exit_reason')
            data__exitreason = data['exit_reason']
            if not (isinstance(data__exitreason, str) and data__exitreason == 'income_recovered' or (isinstance(data__exitreason, str) and data__exitreason == 'retired') or (isinstance(data__exitreason, str) and data__exitreason == 'transferred') or (isinstance(data__exitreason, str) and data__exitreason == 'deceased') or (isinstance(data__exitreason, str) and data__exitreason == 'other')):
                raise JsonSchemaValueException
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, str):
        raise JsonSchemaValueException
    if isinstance(data, str):
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException
        if not REGEX_PATTERNS['^\\S+$'].search(data):
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_training(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['date', 'title', 'kind']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'date' in data_keys:
            data_keys.remove('date')
            data__date = data['date']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__date, custom_formats, None)
        if 'title' in data_keys:
            data_keys.remove('title')
            data__title = data['title']
            if not isinstance(data__title, str):
                raise JsonSchemaValueException
            if isinstance(data__title, str):
                data__title_len = len(data__title)
                if data__title_len < 1:
                    raise JsonSchemaValueException
        if 'kind' in data_keys:
            data_keys.remove('kind')
            data__kind = data['kind']
            if not (isinstance(data__kind, str) and data__kind == 'onboarding' or (isinstance(data__kind, str) and data__kind == 'regular')):
                raise JsonSchemaValueException
        if 'attendees' in data_keys:
            data_keys.remove('attendees')
            data__attendees = data['attendees']
            if not isinstance(data__attendees, (list, tuple)):
                raise JsonSchemaValueException
            data__attendees_is_list = isinstance(data__attendees, (list, tuple))
            if data__attendees_is_list:
                data__attendees_len = len(data__attendees)
                for data__attendees_x, data__attendees_item in enumerate(data__attendees):
                    if not isinstance(data__attendees_item, str):
                        raise JsonSchemaValueException
                    if isinstance(data__attendees_item, str):
                        data__attendees_item_len = len(data__attendees_item)
                        if data__attendees_item_len < 1:
                            raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_election(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'date', 'kind']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'date' in data_keys:
            data_keys.remove('date')
            data__date = data['date']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__date, custom_formats, None)
        if 'kind' in data_keys:
            data_keys.remove('kind')
            data__kind = data['kind']
            if not (isinstance(data__kind, str) and data__kind == 'general' or (isinstance(data__kind, str) and data__kind == 'by_election')):
                raise JsonSchemaValueException
        if 'term_years' in data_keys:
            data_keys.remove('term_years')
            data__termyears = data['term_years']
            if not isinstance(data__termyears, int) and (not (isinstance(data__termyears, float) and data__termyears.is_integer())) or isinstance(data__termyears, bool):
                raise JsonSchemaValueException
            if isinstance(data__termyears, (int, float, Decimal)) and (not isinstance(data__termyears, bool)):
                if data__termyears < 1:
                    raise JsonSchemaValueException
                if data__termyears > 99:
                    raise JsonSchemaValueException
        if 'eligible' in data_keys:
            data_keys.remove('eligible')
            data__eligible = data['eligible']
            if not isinstance(data__eligible, int) and (not (isinstance(data__eligible, float) and data__eligible.is_integer())) or isinstance(data__eligible, bool):
                raise JsonSchemaValueException
            if isinstance(data__eligible, (int, float, Decimal)) and (not isinstance(data__eligible, bool)):
                if data__eligible < 0:
                    raise JsonSchemaValueException
                if data__eligible > 1000000:
                    raise JsonSchemaValueException
        if 'present' in data_keys:
            data_keys.remove('present')
            data__present = data['present']
            if not isinstance(data__present, int) and (not (isinstance(data__present, float) and data__present.is_integer())) or isinstance(data__present, bool):
                raise JsonSchemaValueException
            if isinstance(data__present, (int, float, Decimal)) and (not isinstance(data__present, bool)):
                if data__present < 0:
                    raise JsonSchemaValueException
                if data__present > 1000000:
                    raise JsonSchemaValueException
        if 'seats' in data_keys:
            data_keys.remove('seats')
            data__seats = data['seats']
            if not isinstance(data__seats, int) and (not (isinstance(data__seats, float) and data__seats.is_integer())) or isinstance(data__seats, bool):
                raise JsonSchemaValueException
            if isinstance(data__seats, (int, float, Decimal)) and (not isinstance(data__seats, bool)):
                if data__seats < 0:
                    raise JsonSchemaValueException
                if data__seats > 1000000:
                    raise JsonSchemaValueException
        if 'candidates' in data_keys:
            data_keys.remove('candidates')
            data__candidates = data['candidates']
            if not isinstance(data__candidates, int) and (not (isinstance(data__candidates, float) and data__candidates.is_integer())) or isinstance(data__candidates, bool):
                raise JsonSchemaValueException
            if isinstance(data__candidates, (int, float, Decimal)) and (not isinstance(data__candidates, bool)):
                if data__candidates < 0:
                    raise JsonSchemaValueException
                if data__candidates > 1000000:
                    raise JsonSchemaValueException
        if 'elected' in data_keys:
            data_keys.remove('elected')
            data__elected = data['elected']
            if not isinstance(data__elected, (list, tuple)):
                raise JsonSchemaValueException
            data__elected_is_list = isinstance(data__elected, (list, tuple))
            if data__elected_is_list:
                data__elected_len = len(data__elected)
                if data__elected_len < 1:
                    raise JsonSchemaValueException
                for data__elected_x, data__elected_item in enumerate(data__elected):
                    if not isinstance(data__elected_item, dict):
                        raise JsonSchemaValueException
                    data__elected_item_is_dict = isinstance(data__elected_item, dict)
                    if data__elected_item_is_dict:
                        data__elected_item__missing_keys = set(['name', 'votes']) - data__elected_item.keys()
                        if data__elected_item__missing_keys:
                            raise JsonSchemaValueException
                        data__elected_item_keys = set(data__elected_item.keys())
                        if 'name' in data__elected_item_keys:
                            data__elected_item_keys.remove('name')
                            data__elected_item__name = data__elected_item['name']
                            if not isinstance(data__elected_item__name, str):
                                raise JsonSchemaValueException
                        if 'votes' in data__elected_item_keys:
                            data__elected_item_keys.remove('votes')
                            data__elected_item__votes = data__elected_item['votes']
                            if not isinstance(data__elected_item__votes, int) and (not (isinstance(data__elected_item__votes, float) and data__elected_item__votes.is_integer())) or isinstance(data__elected_item__votes, bool):
                                raise JsonSchemaValueException
                            if isinstance(data__elected_item__votes, (int, float, Decimal)) and (not isinstance(data__elected_item__votes, bool)):
                                if data__elected_item__votes < 0:
                                    raise JsonSchemaValueException
                                if data__elected_item__votes > 1000000:
                                    raise JsonSchemaValueException
                        if data__elected_item_keys:
                            raise JsonSchemaValueException
        if 'reported_to_superior_on' in data_keys:
            data_keys.remove('reported_to_superior_on')
            data__reportedtosuperioron = data['reported_to_superior_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__reportedtosuperioron, custom_formats, None)
        if 'approved_by_superior_on' in data_keys:
            data_keys.remove('approved_by_superior_on')
            data__approvedbysuperioron = data['approved_by_superior_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__approvedbysuperioron, custom_formats, None)
        if 'audit_committee_elected' in data_keys:
            data_keys.remove('audit_committee_elected')
            data__auditcommitteeelected = data['audit_committee_elected']
            if not isinstance(data__auditcommitteeelected, bool):
                raise JsonSchemaValueException
        if 'women_committee_formed' in data_keys:
            data_keys.remove('women_committee_formed')
            data__womencommitteeformed = data['women_committee_formed']
            if not isinstance(data__womencommitteeformed, bool):
                raise JsonSchemaValueException
        if 'postponement' in data_keys:
            data_keys.remove('postponement')
            data__postponement = data['postponement']
            if not isinstance(data__postponement, dict):
                raise JsonSchemaValueException
            data__postponement_is_dict = isinstance(data__postponement, dict)
            if data__postponement_is_dict:
                data__postponement__missing_keys = set(['until']) - data__postponement.keys()
                if data__postponement__missing_keys:
                    raise JsonSchemaValueException
                data__postponement_keys = set(data__postponement.keys())
                if 'approved_by' in data__postponement_keys:
                    data__postponement_keys.remove('approved_by')
                    data__postponement__approvedby = data__postponement['approved_by']
                    if not isinstance(data__postponement__approvedby, str):
                        raise JsonSchemaValueException
                if 'document' in data__postponement_keys:
                    data__postponement_keys.remove('document')
                    data__postponement__document = data__postponement['document']
                    if not isinstance(data__postponement__document, str):
                        raise JsonSchemaValueException
                if 'approved_on' in data__postponement_keys:
                    data__postponement_keys.remove('approved_on')
                    data__postponement__approvedon = data__postponement['approved_on']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__postponement__approvedon, custom_formats, None)
                if 'until' in data__postponement_keys:
                    data__postponement_keys.remove('until')
                    data__postponement__until = data__postponement['until']
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__postponement__until, custom_formats, None)
                if data__postponement_keys:
                    raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    try:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data_keys = set(data.keys())
            if 'kind' in data_keys:
                data_keys.remove('kind')
                data__kind = data['kind']
                if not (isinstance(data__kind, str) and data__kind == 'general'):
                    raise JsonSchemaValueException
    except (JsonSchemaValueException, JsonSchemaValuesException):
        pass
    else:
        data_is_dict = isinstance(data, dict)
        if data_is_dict:
            data__missing_keys = set(['term_years', 'eligible', 'present', 'seats', 'candidates', 'elected']) - data.keys()
            if data__missing_keys:
                raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_collective_contract(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'kind', 'signed_on', 'effective_from', 'effective_to']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'kind' in data_keys:
            data_keys.remove('kind')
            data__kind = data['kind']
            if not (isinstance(data__kind, str) and data__kind == 'general' or (isinstance(data__kind, str) and data__kind == 'wages') or (isinstance(data__kind, str) and data__kind == 'women') or (isinstance(data__kind, str) and data__kind == 'safety')):
                raise JsonSchemaValueException
        if 'title' in data_keys:
            data_keys.remove('title')
            data__title = data['title']
            if not isinstance(data__title, str):
                raise JsonSchemaValueException
            if isinstance(data__title, str):
                data__title_len = len(data__title)
                if data__title_len < 1:
                    raise JsonSchemaValueException
        if 'approved_by' in data_keys:
            data_keys.remove('approved_by')
            data__approvedby = data['approved_by']
            if not isinstance(data__approvedby, str):
                raise JsonSchemaValueException
        if 'signed_on' in data_keys:
            data_keys.remove('signed_on')
            data__signedon = data['signed_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__signedon, custom_formats, None)
        if 'submitted_on' in data_keys:
            data_keys.remove('submitted_on')
            data__submittedon = data['submitted_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__submittedon, custom_formats, None)
        if 'effective_from' in data_keys:
            data_keys.remove('effective_from')
            data__effectivefrom = data['effective_from']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__effectivefrom, custom_formats, None)
        if 'effective_to' in data_keys:
            data_keys.remove('effective_to')
            data__effectiveto = data['effective_to']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__effectiveto, custom_formats, None)
        if 'women_chapter' in data_keys:
            data_keys.remove('women_chapter')
            data__womenchapter = data['women_chapter']
            if not isinstance(data__womenchapter, bool):
                raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_plan(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'title', 'effective_from']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'title' in data_keys:
            data_keys.remove('title')
            data__title = data['title']
            if not isinstance(data__title, str):
                raise JsonSchemaValueException
        if 'effective_from' in data_keys:
            data_keys.remove('effective_from')
            data__effectivefrom = data['effective_from']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__effectivefrom, custom_formats, None)
        if 'effective_to' in data_keys:
            data_keys.remove('effective_to')
            data__effectiveto = data['effective_to']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__effectiveto, custom_formats, None)
        if 'approved_by' in data_keys:
            data_keys.remove('approved_by')
            data__approvedby = data['approved_by']
            if not isinstance(data__approvedby, str):
                raise JsonSchemaValueException
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_member_assembly(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'date', 'form']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'date' in data_keys:
            data_keys.remove('date')
            data__date = data['date']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__date, custom_formats, None)
        if 'form' in data_keys:
            data_keys.remove('form')
            data__form = data['form']
            if not (isinstance(data__form, str) and data__form == 'representative' or (isinstance(data__form, str) and data__form == 'general')):
                raise JsonSchemaValueException
        if 'joint_with' in data_keys:
            data_keys.remove('joint_with')
            data__jointwith = data['joint_with']
            if not isinstance(data__jointwith, str):
                raise JsonSchemaValueException
        if 'members_total' in data_keys:
            data_keys.remove('members_total')
            data__memberstotal = data['members_total']
            if not isinstance(data__memberstotal, int) and (not (isinstance(data__memberstotal, float) and data__memberstotal.is_integer())) or isinstance(data__memberstotal, bool):
                raise JsonSchemaValueException
            if isinstance(data__memberstotal, (int, float, Decimal)) and (not isinstance(data__memberstotal, bool)):
                if data__memberstotal < 0:
                    raise JsonSchemaValueException
                if data__memberstotal > 1000000:
                    raise JsonSchemaValueException
        if 'present' in data_keys:
            data_keys.remove('present')
            data__present = data['present']
            if not isinstance(data__present, int) and (not (isinstance(data__present, float) and data__present.is_integer())) or isinstance(data__present, bool):
                raise JsonSchemaValueException
            if isinstance(data__present, (int, float, Decimal)) and (not isinstance(data__present, bool)):
                if data__present < 0:
                    raise JsonSchemaValueException
                if data__present > 1000000:
                    raise JsonSchemaValueException
        if 'reports' in data_keys:
            data_keys.remove('reports')
            data__reports = data['reports']
            if not isinstance(data__reports, (list, tuple)):
                raise JsonSchemaValueException
            data__reports_is_list = isinstance(data__reports, (list, tuple))
            if data__reports_is_list:
                data__reports_len = len(data__reports)
                for data__reports_x, data__reports_item in enumerate(data__reports):
                    if not (isinstance(data__reports_item, str) and data__reports_item == 'committee_work' or (isinstance(data__reports_item, str) and data__reports_item == 'union_finance') or (isinstance(data__reports_item, str) and data__reports_item == 'audit_committee')):
                        raise JsonSchemaValueException
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_congress(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'date', 'form', 'delegates_total', 'delegates_present']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'date' in data_keys:
            data_keys.remove('date')
            data__date = data['date']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__date, custom_formats, None)
        if 'form' in data_keys:
            data_keys.remove('form')
            data__form = data['form']
            if not (isinstance(data__form, str) and data__form == 'representative' or (isinstance(data__form, str) and data__form == 'general')):
                raise JsonSchemaValueException
        if 'delegates_total' in data_keys:
            data_keys.remove('delegates_total')
            data__delegatestotal = data['delegates_total']
            if not isinstance(data__delegatestotal, int) and (not (isinstance(data__delegatestotal, float) and data__delegatestotal.is_integer())) or isinstance(data__delegatestotal, bool):
                raise JsonSchemaValueException
            if isinstance(data__delegatestotal, (int, float, Decimal)) and (not isinstance(data__delegatestotal, bool)):
                if data__delegatestotal < 0:
                    raise JsonSchemaValueException
                if data__delegatestotal > 1000000:
                    raise JsonSchemaValueException
        if 'delegates_present' in data_keys:
            data_keys.remove('delegates_present')
            data__delegatespresent = data['delegates_present']
            if not isinstance(data__delegatespresent, int) and (not (isinstance(data__delegatespresent, float) and data__delegatespresent.is_integer())) or isinstance(data__delegatespresent, bool):
                raise JsonSchemaValueException
            if isinstance(data__delegatespresent, (int, float, Decimal)) and (not isinstance(data__delegatespresent, bool)):
                if data__delegatespresent < 0:
                    raise JsonSchemaValueException
                if data__delegatespresent > 1000000:
                    raise JsonSchemaValueException
        if 'papers_sent_on' in data_keys:
            data_keys.remove('papers_sent_on')
            data__paperssenton = data['papers_sent_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__paperssenton, custom_formats, None)
        if 'resolutions' in data_keys:
            data_keys.remove('resolutions')
            data__resolutions = data['resolutions']
            if not isinstance(data__resolutions, (list, tuple)):
                raise JsonSchemaValueException
            data__resolutions_is_list = isinstance(data__resolutions, (list, tuple))
            if data__resolutions_is_list:
                data__resolutions_len = len(data__resolutions)
                for data__resolutions_x, data__resolutions_item in enumerate(data__resolutions):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_resolution(data__resolutions_item, custom_formats, None)
        if 'proposals' in data_keys:
            data_keys.remove('proposals')
            data__proposals = data['proposals']
            if not isinstance(data__proposals, (list, tuple)):
                raise JsonSchemaValueException
            data__proposals_is_list = isinstance(data__proposals, (list, tuple))
            if data__proposals_is_list:
                data__proposals_len = len(data__proposals)
                for data__proposals_x, data__proposals_item in enumerate(data__proposals):
                    validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_proposal(data__proposals_item, custom_formats, None)
        if 'evidence' in data_keys:
            data_keys.remove('evidence')
            data__evidence = data['evidence']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_evidence(data__evidence, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_proposal(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'title']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'title' in data_keys:
            data_keys.remove('title')
            data__title = data['title']
            if not isinstance(data__title, str):
                raise JsonSchemaValueException
            if isinstance(data__title, str):
                data__title_len = len(data__title)
                if data__title_len < 1:
                    raise JsonSchemaValueException
        if 'decision' in data_keys:
            data_keys.remove('decision')
            data__decision = data['decision']
            if not (isinstance(data__decision, str) and data__decision == 'accepted' or (isinstance(data__decision, str) and data__decision == 'merged') or (isinstance(data__decision, str) and data__decision == 'declined')):
                raise JsonSchemaValueException
        if 'decided_on' in data_keys:
            data_keys.remove('decided_on')
            data__decidedon = data['decided_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__decidedon, custom_formats, None)
        if 'reason' in data_keys:
            data_keys.remove('reason')
            data__reason = data['reason']
            if not isinstance(data__reason, str):
                raise JsonSchemaValueException
            if isinstance(data__reason, str):
                data__reason_len = len(data__reason)
                if data__reason_len < 1:
                    raise JsonSchemaValueException
        if 'answered_on' in data_keys:
            data_keys.remove('answered_on')
            data__answeredon = data['answered_on']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data__answeredon, custom_formats, None)
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_resolution(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, dict):
        raise JsonSchemaValueException
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'subject', 'title', 'votes_for', 'votes_against', 'abstentions']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException
        data_keys = set(data.keys())
        if 'id' in data_keys:
            data_keys.remove('id')
            data__id = data['id']
            validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_id(data__id, custom_formats, None)
        if 'subject' in data_keys:
            data_keys.remove('subject')
            data__subject = data['subject']
            if not (isinstance(data__subject, str) and data__subject == 'performance_pay' or (isinstance(data__subject, str) and data__subject == 'work_report') or (isinstance(data__subject, str) and data__subject == 'financial_report') or (isinstance(data__subject, str) and data__subject == 'collective_contract') or (isinstance(data__subject, str) and data__subject == 'proposals_handling') or (isinstance(data__subject, str) and data__subject == 'other')):
                raise JsonSchemaValueException
        if 'title' in data_keys:
            data_keys.remove('title')
            data__title = data['title']
            if not isinstance(data__title, str):
                raise JsonSchemaValueException
        if 'votes_for' in data_keys:
            data_keys.remove('votes_for')
            data__votesfor = data['votes_for']
            if not isinstance(data__votesfor, int) and (not (isinstance(data__votesfor, float) and data__votesfor.is_integer())) or isinstance(data__votesfor, bool):
                raise JsonSchemaValueException
            if isinstance(data__votesfor, (int, float, Decimal)) and (not isinstance(data__votesfor, bool)):
                if data__votesfor < 0:
                    raise JsonSchemaValueException
                if data__votesfor > 1000000:
                    raise JsonSchemaValueException
        if 'votes_against' in data_keys:
            data_keys.remove('votes_against')
            data__votesagainst = data['votes_against']
            if not isinstance(data__votesagainst, int) and (not (isinstance(data__votesagainst, float) and data__votesagainst.is_integer())) or isinstance(data__votesagainst, bool):
                raise JsonSchemaValueException
            if isinstance(data__votesagainst, (int, float, Decimal)) and (not isinstance(data__votesagainst, bool)):
                if data__votesagainst < 0:
                    raise JsonSchemaValueException
                if data__votesagainst > 1000000:
                    raise JsonSchemaValueException
        if 'abstentions' in data_keys:
            data_keys.remove('abstentions')
            data__abstentions = data['abstentions']
            if not isinstance(data__abstentions, int) and (not (isinstance(data__abstentions, float) and data__abstentions.is_integer())) or isinstance(data__abstentions, bool):
                raise JsonSchemaValueException
            if isinstance(data__abstentions, (int, float, Decimal)) and (not isinstance(data__abstentions, bool)):
                if data__abstentions < 0:
                    raise JsonSchemaValueException
                if data__abstentions > 1000000:
                    raise JsonSchemaValueException
        if data_keys:
            raise JsonSchemaValueException
    return data

def validate_https___unioncheck_invalid_schemas_branch_v1_schema_json___defs_date(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, str):
        raise JsonSchemaValueException
    if isinstance(data, str):
        if not REGEX_PATTERNS['^(?:19(?:49|[5-9][0-9])|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$'].search(data):
            raise JsonSchemaValueException
        if not custom_formats['date'](data):
            raise JsonSchemaValueException
    return data


def is_valid(data, custom_formats):
    """Whether ``data`` matches the schema (``custom_formats``: unioncheck.validation.FORMATS)."""
    try:
        validate_https___unioncheck_invalid_schemas_branch_v1_schema_json(data, custom_formats)
    except JsonSchemaValueException:
        return False
    return True
